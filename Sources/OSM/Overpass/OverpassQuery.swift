public import MapFeatures

/// Overpass QL for MapPoster's feature sets, written as OSMnx 2.x writes them.
public enum OverpassQuery {
    /// The street network (`network_type="all"`) in `box`.
    public static func roads(in box: GeoBoundingBox, timeout: Int) -> String {
        wrap("way\(RoadFilter.overpassFilter)\(bbox(box));", timeout: timeout)
    }

    /// Ways and multipolygon relations matching `filter` in `box`, with their nodes.
    public static func features(_ filter: TagFilter, in box: GeoBoundingBox, timeout: Int) -> String {
        var statements = ""
        for clause in filter.clauses {
            let selector = tagSelector(clause.key, clause.values)
            statements += "way\(selector)\(bbox(box));relation\(selector)\(bbox(box));"
        }
        return wrap(statements, timeout: timeout)
    }

    static func tagSelector(_ key: String, _ values: [String]) -> String {
        switch values.count {
        case 0: return "[\"\(escape(key))\"]"
        case 1: return "[\"\(escape(key))\"=\"\(escape(values[0]))\"]"
        default: return "[\"\(escape(key))\"~\"^(\(values.map(escapeRegex).joined(separator: "|")))$\"]"
        }
    }

    static func bbox(_ box: GeoBoundingBox) -> String {
        "(\(box.south),\(box.west),\(box.north),\(box.east))"
    }

    private static func wrap(_ statements: String, timeout: Int) -> String {
        "[out:json][timeout:\(timeout)];(\(statements));(._;>;);out;"
    }

    /// Escapes `"` and `\` inside a QL string literal.
    private static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            if character == "\"" || character == "\\" { result += "\\" }
            result.append(character)
        }
        return result
    }

    /// Escapes regex metacharacters, written as a QL string (`\\.` in QL is `\.` in the regex).
    private static func escapeRegex(_ text: String) -> String {
        var result = ""
        for character in text {
            if "\\^$.|?*+()[]{}".contains(character) { result += "\\\\" }
            if character == "\"" { result += "\\" }
            result.append(character)
        }
        return result
    }
}
