/// One OSM way with a `highway` tag, drawn once as a polyline.
public struct Road: Sendable, Hashable {
    /// The raw `highway` value, e.g. `"primary"` or `"footway"`.
    public var highway: String
    public var points: [GeoPoint]

    public init(highway: String, points: [GeoPoint]) {
        self.highway = highway
        self.points = points
    }

    /// The drawing class of ``highway``, as the Python original groups its values.
    public var roadClass: RoadClass { RoadClass(highway: highway) }
}

/// The six road classes a poster styles differently, from most to least important.
public enum RoadClass: String, Sendable, CaseIterable, Comparable {
    case motorway
    case primary
    case secondary
    case tertiary
    case residential
    case `default`

    /// Groups an OSM `highway` value: unknown values fall into ``default``.
    public init(highway: String) {
        switch highway {
        case "motorway", "motorway_link": self = .motorway
        case "trunk", "trunk_link", "primary", "primary_link": self = .primary
        case "secondary", "secondary_link": self = .secondary
        case "tertiary", "tertiary_link": self = .tertiary
        case "residential", "living_street", "unclassified": self = .residential
        default: self = .default
        }
    }

    /// Drawing order: minor classes first so that major roads lie on top.
    public static func < (lhs: RoadClass, rhs: RoadClass) -> Bool {
        allCases.firstIndex(of: lhs)! > allCases.firstIndex(of: rhs)!
    }
}
