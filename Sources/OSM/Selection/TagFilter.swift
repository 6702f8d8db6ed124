/// Matches elements by tags, as OSMnx's `tags` argument does: `{key: true | value | [values]}`, keys ORed.
///
/// `TagFilter(["natural": ["water", "bay"], "waterway": ["riverbank"]])` matches an element with
/// `natural=water`, `natural=bay` or `waterway=riverbank`. An empty value list means any value.
public struct TagFilter: Sendable, Hashable, CustomStringConvertible {
    /// Keys in a stable (sorted) order, each with its accepted values (empty: any value).
    public let clauses: [(key: String, values: [String])]

    public init(_ tags: [String: [String]]) {
        clauses = tags.keys.sorted().map { ($0, tags[$0]!.sorted()) }
    }

    /// Whether any clause matches `tags`.
    public func matches(_ tags: [String: String]) -> Bool {
        // Most elements a poster reads carry a tag or two (a store keeps only the tags selection reads): comparing
        // them with the clauses' keys is cheaper than hashing every clause's key to look it up.
        if tags.count <= Self.scanLimit {
            for (key, value) in tags {
                for clause in clauses where clause.key == key {
                    if clause.values.isEmpty || clause.values.contains(value) { return true }
                }
            }
            return false
        }
        for clause in clauses {
            guard let value = tags[clause.key] else { continue }
            if clause.values.isEmpty || clause.values.contains(value) { return true }
        }
        return false
    }

    /// Up to this many tags, ``matches(_:)`` scans them instead of looking up each clause's key.
    private static let scanLimit = 4

    /// `key=v1|v2;key2=*`, stable: used in cache keys.
    public var description: String {
        clauses.map { "\($0.key)=\($0.values.isEmpty ? "*" : $0.values.joined(separator: "|"))" }.joined(separator: ";")
    }

    public static func == (lhs: TagFilter, rhs: TagFilter) -> Bool { lhs.description == rhs.description }
    public func hash(into hasher: inout Hasher) { hasher.combine(description) }
}

extension TagFilter {
    /// The Python original's water: `natural=water|bay|strait`, `waterway=riverbank`.
    public static let water = TagFilter(["natural": ["water", "bay", "strait"], "waterway": ["riverbank"]])
    /// The Python original's parks: `leisure=park`, `landuse=grass`.
    public static let parks = TagFilter(["leisure": ["park"], "landuse": ["grass"]])
    /// Green space beyond the original's parks (maptoposter #161): `landuse=cemetery|forest`, `natural=wood`.
    public static let greenSpace = TagFilter(["landuse": ["cemetery", "forest"], "natural": ["wood"]])
    /// The sea's edge: `natural=coastline` ways (land on their left).
    public static let coastline = TagFilter(["natural": ["coastline"]])

    /// The web UI's five extra layers (maptoposter-web `SidebarControls.svelte`).
    public static let cycleways = TagFilter(["highway": ["cycleway"]])
    public static let rail = TagFilter(["railway": ["rail"]])
    public static let subway = TagFilter(["railway": ["subway"]])
    public static let forests = TagFilter([
        "natural": ["wood", "scrub", "tree_row"], "landuse": ["forest", "orchard"],
    ])
    public static let rivers = TagFilter(["waterway": ["river", "stream", "canal"]])
}
