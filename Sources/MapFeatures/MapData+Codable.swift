/// The JSON dump of a city's features: `{"roads", "water", "parks", "layers"}` and `"green_space"` when there is
/// some, each list optional.
///
/// `mapposter features` writes this shape from an `.osm.pbf`, `mapposter render --features` reads it, and so does
/// the Python renderer of `bench/render.sh`.
extension MapData: Codable {
    private enum CodingKeys: String, CodingKey {
        case roads, water, parks, layers
        case greenSpace = "green_space"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            roads: try container.decodeIfPresent([Road].self, forKey: .roads) ?? [],
            water: try container.decodeIfPresent([Area].self, forKey: .water) ?? [],
            parks: try container.decodeIfPresent([Area].self, forKey: .parks) ?? [],
            greenSpace: try container.decodeIfPresent([Area].self, forKey: .greenSpace) ?? [],
            layers: try container.decodeIfPresent([FeatureLayer].self, forKey: .layers) ?? []
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(roads, forKey: .roads)
        try container.encode(water, forKey: .water)
        try container.encode(parks, forKey: .parks)
        if !greenSpace.isEmpty { try container.encode(greenSpace, forKey: .greenSpace) }
        try container.encode(layers, forKey: .layers)
    }
}
