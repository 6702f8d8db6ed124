/// The JSON dump of a city's features: `{"roads", "water", "parks", "layers"}`, each list optional.
///
/// `scripts/osm-to-features.py` writes this shape from an `.osm.pbf`, and `mapposter render --features`
/// reads it.
extension MapData: Codable {
    private enum CodingKeys: String, CodingKey {
        case roads, water, parks, layers
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            roads: try container.decodeIfPresent([Road].self, forKey: .roads) ?? [],
            water: try container.decodeIfPresent([Area].self, forKey: .water) ?? [],
            parks: try container.decodeIfPresent([Area].self, forKey: .parks) ?? [],
            layers: try container.decodeIfPresent([FeatureLayer].self, forKey: .layers) ?? []
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(roads, forKey: .roads)
        try container.encode(water, forKey: .water)
        try container.encode(parks, forKey: .parks)
        try container.encode(layers, forKey: .layers)
    }
}
