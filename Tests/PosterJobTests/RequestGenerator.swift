import JSON
import MapPosterTesting
import PosterSchema

/// Builds poster requests as JSON text, valid and invalid, to compare against pydantic.
struct RequestGenerator {
    var random: SeededGenerator

    init(seed: UInt64) { random = SeededGenerator(seed: seed) }

    private mutating func pick<T>(_ choices: [T]) -> T { choices.randomElement(using: &random)! }
    private mutating func chance(_ probability: Double) -> Bool {
        Double.random(in: 0..<1, using: &random) < probability
    }

    mutating func text() -> String {
        let pieces = [
            "Paris", "Saint-Étienne", "Łódź", "Straße", "東京", "São Paulo", "Zürich", "Αθήνα", "Москва", "القاهرة",
            "New York", "ﬁ", "e\u{301}", "😀", "👩‍👩‍👧", "\"", "\\", "/", "\n", "\t", "\r", "\u{01}", "\u{1F}",
            "\u{7F}", "\u{2028}", "\u{FEFF}", " ", "_", "&", "<>", "İ", "Ǆ",
        ]
        return (0..<Int.random(in: 1...4, using: &random)).map { _ in pick(pieces) }.joined()
    }

    /// A double of any magnitude, including exponent forms at both thresholds.
    mutating func double() -> Double {
        switch Int.random(in: 0..<6, using: &random) {
        case 0: return Double(Int.random(in: 0...100, using: &random))
        case 1: return Double(Int.random(in: 1...2000, using: &random)) / 100
        case 2:
            return pick([1e-5, 9.99e-6, 1e-6, 3e-7, 1e16, 9.999999999999998e15, 1.5e16, 1e22, 0.1, 0.2, 0.3, 1 / 3])
        case 3:
            let mantissa = Double.random(in: 1..<10, using: &random)
            return mantissa * pow10(Int.random(in: -12...22, using: &random))
        case 4:
            return Double(bitPattern: UInt64.random(in: 0x3E00_0000_0000_0000...0x4400_0000_0000_0000, using: &random))
        default: return -Double(Int.random(in: 1...999, using: &random)) / 8
        }
    }

    private func pow10(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<abs(exponent) { result *= 10 }
        return exponent < 0 ? 1 / result : result
    }

    mutating func floatField() -> JSONValue {
        switch Int.random(in: 0..<8, using: &random) {
        case 0: return .int(Int.random(in: 1...40, using: &random))
        case 1: return .string(pick(["1e3", " 12.5 ", ".5", "1.", "inf", "-Infinity", "1_0.5", "+3", "7"]))
        case 2: return .bool(chance(0.5))
        default: return .double(double())
        }
    }

    mutating func intField() -> JSONValue {
        switch Int.random(in: 0..<6, using: &random) {
        case 0: return .double(Double(Int.random(in: 1000...100_000, using: &random)))
        case 1: return .string(pick(["5000", " 7000 ", "5_000", "300.00", "+150", "-0", "00012"]))
        case 2: return .bool(chance(0.5))
        default: return .int(Int.random(in: -10...200_000, using: &random))
        }
    }

    mutating func boolField() -> JSONValue {
        pick([.bool(true), .bool(false), 0, 1, 1.0, 0.0, "yes", "off", "T", "n", "TRUE", "0"])
    }

    mutating func tagValue(depth: Int) -> JSONValue {
        switch Int.random(in: 0..<(depth > 1 ? 4 : 7), using: &random) {
        case 0: return .string(text())
        case 1: return .int(Int.random(in: -5...5, using: &random))
        case 2: return .double(double())
        case 3: return pick([.null, .bool(true), .bool(false)])
        case 4, 5: return .array((0..<Int.random(in: 0...3, using: &random)).map { _ in tagValue(depth: depth + 1) })
        default: return .object(tags(depth: depth + 1))
        }
    }

    mutating func tags(depth: Int = 0) -> JSONObject {
        let keys = [
            "natural", "landuse", "highway", "railway", "waterway", "amenity", "leisure", "building", "zz", "a",
        ]
        return JSONObject(
            keys.shuffled(using: &random).prefix(Int.random(in: 0...4, using: &random)).map {
                ($0, tagValue(depth: depth))
            })
    }

    mutating func layer() -> JSONValue {
        var layer = JSONObject()
        layer["label"] = .string(text())
        layer["tags"] = .object(tags())
        layer["color"] = .string(pick(["#27ae60", "#3498db", "red", text()]))
        if chance(0.7) { layer["width"] = floatField() }
        if chance(0.7) { layer["enabled"] = boolField() }
        if chance(0.2) { layer["extra"] = "ignored" }
        return .object(JSONObject(layer.shuffled(using: &random).map { ($0.key, $0.value) }))
    }

    /// A request pydantic should accept.
    mutating func validRequest() -> JSONValue {
        var fields: [(String, JSONValue)] = [("city", .string(text())), ("country", .string(text()))]
        if chance(0.6) { fields.append(("style", .string(pick(["noir", "feature_based", "blueprint", text()])))) }
        if chance(0.6) { fields.append(("all_themes", boolField())) }
        if chance(0.6) { fields.append(("distance", intField())) }
        if chance(0.6) { fields.append(("width", floatField())) }
        if chance(0.6) { fields.append(("height", floatField())) }
        if chance(0.6) { fields.append(("country_label", chance(0.3) ? .null : .string(text()))) }
        if chance(0.6) { fields.append(("name_label", chance(0.3) ? .null : .string(text()))) }
        if chance(0.6) {
            fields.append(
                (
                    "custom_layers",
                    chance(0.2) ? .null : .array((0..<Int.random(in: 0...5, using: &random)).map { _ in layer() })
                ))
        }
        if chance(0.4) {
            let keys = ["bg", "water", "parks", "roads", "text"].filter { _ in chance(0.7) }
            fields.append(
                (
                    "custom_colors",
                    .object(
                        JSONObject(
                            keys.map { ($0, chance(0.2) ? .null : .string(pick(["#ffffff", "#123abc", text()]))) }))
                ))
        }
        if chance(0.6) { fields.append(("format", .string(pick(["png", "svg", "pdf", "PNG", "Pdf", "ÉPS", "jpeg"])))) }
        if chance(0.6) { fields.append(("dpi", intField())) }
        if chance(0.6) { fields.append(("margins", floatField())) }
        if chance(0.6) {
            fields.append(("paper_size", .string(pick(["custom", "A4", "A3", "12x16", "30x40cm", text()]))))
        }
        if chance(0.6) { fields.append(("unknown_field", .array([1, "x"]))) }
        return .object(JSONObject(fields.shuffled(using: &random)))
    }

    /// A request with one to three fields broken in ways pydantic rejects.
    mutating func invalidRequest() -> JSONValue {
        guard case .object(var object) = validRequest() else { return .null }
        let breakers: [(String, JSONValue?)] = [
            ("city", nil), ("country", nil), ("city", .int(5)), ("country", .null), ("distance", .double(5000.5)),
            ("distance", "abc"), ("distance", "1e3"), ("distance", .double(1e20)), ("distance", .double(.nan)),
            ("dpi", .double(.infinity)), ("dpi", "300."), ("width", "wide"), ("width", .null), ("height", "0x10"),
            ("margins", .array([])), ("all_themes", "maybe"), ("all_themes", 2), ("all_themes", 0.5),
            ("all_themes", .null), ("style", .bool(true)), ("format", .null), ("country_label", 3),
            ("custom_layers", .object(JSONObject())), ("custom_layers", .array([5, ["label": "x"]])),
            (
                "custom_layers",
                .array([["label": "x", "tags": .array([]), "color": "c", "width": "w", "enabled": "maybe"]])
            ),
            ("custom_colors", .array([])), ("custom_colors", ["bg": 5, "water": .bool(false)]),
            ("paper_size", .double(1.5)),
        ]
        for _ in 0..<Int.random(in: 1...3, using: &random) {
            let (key, value) = pick(breakers)
            object[key] = value
        }
        return .object(object)
    }
}
