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
        if let area = tags["area"], contains(area, yes) { return false }
        return !excluded.contains { contains(highway, $0) }
    }

    private static let yes = Array("yes".utf8)
    private static let excluded = excludedHighways.map { Array($0.utf8) }

    /// Whether `text` contains `pattern` (the filter's `~` regex test on plain words), comparing UTF-8 bytes:
    /// `String.contains` builds a search table on every call, which dominated reading a city's ways.
    private static func contains(_ text: String, _ pattern: [UInt8]) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.count >= pattern.count else { return false }
            return (0...bytes.count - pattern.count).contains { start in
                bytes[start..<start + pattern.count].elementsEqual(pattern)
            }
        }
    }

    /// The filter in Overpass QL, as OSMnx writes it.
    public static let overpassFilter =
        #"["highway"]["area"!~"yes"]["highway"!~"abandoned|construction|no|planned|platform|proposed|raceway|razed|rest_area|services"]"#
}
