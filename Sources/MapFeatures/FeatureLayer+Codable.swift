/// `{"label", "color", "width", "lines", "areas"}`; `width` defaults to 1, the lists to empty.
extension FeatureLayer: Codable {
    private enum CodingKeys: String, CodingKey {
        case label, color, width, lines, areas
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            label: try container.decode(String.self, forKey: .label),
            color: try container.decode(String.self, forKey: .color),
            width: try container.decodeIfPresent(Double.self, forKey: .width) ?? 1.0,
            lines: try container.decodeIfPresent([[GeoPoint]].self, forKey: .lines) ?? [],
            areas: try container.decodeIfPresent([Area].self, forKey: .areas) ?? []
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(label, forKey: .label)
        try container.encode(color, forKey: .color)
        try container.encode(width, forKey: .width)
        try container.encode(lines, forKey: .lines)
        try container.encode(areas, forKey: .areas)
    }
}
