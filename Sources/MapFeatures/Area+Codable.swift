/// `{"outer": [[lat, lon], …], "holes": [[[lat, lon], …], …]}`; `holes` may be omitted.
extension Area: Codable {
    private enum CodingKeys: String, CodingKey {
        case outer, holes
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            outer: try container.decode([GeoPoint].self, forKey: .outer),
            holes: try container.decodeIfPresent([[GeoPoint]].self, forKey: .holes) ?? []
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(outer, forKey: .outer)
        try container.encode(holes, forKey: .holes)
    }
}
