/// OSMnx 2.x's `network_type="all"` way filter, which the Python original uses for its street graph.
///
/// Overpass QL: `["highway"]["area"!~"yes"]["highway"!~"abandoned|construction|no|planned|platform|proposed|raceway|razed|rest_area|services"]`.
public enum RoadFilter {
    /// `highway` values OSMnx's "all" network excludes.
    public static let excludedHighways: Set<String> = [
        "abandoned", "construction", "no", "planned", "platform", "proposed", "raceway", "razed", "rest_area",
        "services",
    ]

    /// Whether a way with `tags` belongs to the street network.
    public static func matches(_ tags: [String: String]) -> Bool {
        guard let highway = tags["highway"] else { return false }
        if let area = tags["area"], area.contains("yes") { return false }
        return !excludedHighways.contains { highway.contains($0) }
    }

    /// The filter in Overpass QL, as OSMnx writes it.
    public static let overpassFilter =
        #"["highway"]["area"!~"yes"]["highway"!~"abandoned|construction|no|planned|platform|proposed|raceway|razed|rest_area|services"]"#
}
