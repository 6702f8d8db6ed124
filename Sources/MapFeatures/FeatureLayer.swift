/// An extra, user-chosen layer (cycleways, rail, forests, …) drawn above the roads.
public struct FeatureLayer: Sendable, Hashable {
    /// What the user called it, e.g. `"Cycleways"`.
    public var label: String
    /// CSS-style colour, e.g. `"#FF0000"`.
    public var color: String
    /// Line width in points at the 12-inch reference size.
    public var width: Double
    public var lines: [[GeoPoint]]
    public var areas: [Area]

    public init(label: String, color: String, width: Double = 1.0, lines: [[GeoPoint]] = [], areas: [Area] = []) {
        self.label = label
        self.color = color
        self.width = width
        self.lines = lines
        self.areas = areas
    }
}
