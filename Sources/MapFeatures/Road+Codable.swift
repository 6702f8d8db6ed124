/// `{"highway": "primary", "points": [[lat, lon], …]}`.
extension Road: Codable {
    private enum CodingKeys: String, CodingKey {
        case highway, points
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            highway: try container.decode(String.self, forKey: .highway),
            points: try container.decode([GeoPoint].self, forKey: .points)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(highway, forKey: .highway)
        try container.encode(points, forKey: .points)
    }
}
