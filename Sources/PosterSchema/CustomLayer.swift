public import JSON

/// An extra OpenStreetMap layer drawn over the map (pydantic model `CustomLayer`).
public struct CustomLayer: Sendable, Equatable {
    /// The label shown in the web UI.
    public var label: String
    /// OSMnx feature tags (`{"natural": ["wood", "scrub"], "landuse": "forest"}`), in the order received.
    public var tags: JSONObject
    /// The colour, such as `#27ae60`.
    public var color: String
    /// The line width in points. Defaults to `1.0`.
    public var width: Double
    /// Whether the layer is fetched and drawn. Defaults to `true`.
    public var enabled: Bool

    /// Creates a layer.
    public init(label: String, tags: JSONObject, color: String, width: Double = 1.0, enabled: Bool = true) {
        self.label = label
        self.tags = tags
        self.color = color
        self.width = width
        self.enabled = enabled
    }
}
