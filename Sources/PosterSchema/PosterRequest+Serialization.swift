import Crypto
import Foundation
public import JSON

extension PosterRequest {
    /// The request as pydantic's `model_dump()`: all 15 keys in declared order, defaults filled in,
    /// absent optionals as `null`, floats as ``JSONValue/double(_:)`` (so `12.0` stays a float).
    ///
    /// This is the dict the API enqueues as `args[0]`. A centre (``latitude``, ``longitude``) adds `lat` and `lon`
    /// after `paper_size`, each only when set, so a request without one dumps (and hashes) as the original's; so do the
    /// ``extras`` after them.
    public var dumped: JSONValue {
        var object = JSONObject()
        object["city"] = .string(city)
        object["country"] = .string(country)
        object["style"] = .string(style)
        object["all_themes"] = .bool(allThemes)
        object["distance"] = .int(distance)
        object["width"] = .double(width)
        object["height"] = .double(height)
        object["country_label"] = countryLabel.map(JSONValue.string) ?? .null
        object["name_label"] = nameLabel.map(JSONValue.string) ?? .null
        object["custom_layers"] = customLayers.map { .array($0.map(\.dumped)) } ?? .null
        object["custom_colors"] = customColors?.dumped ?? .null
        object["format"] = .string(format)
        object["dpi"] = .int(dpi)
        object["margins"] = .double(margins)
        object["paper_size"] = .string(paperSize)
        if let latitude { object["lat"] = .double(latitude) }
        if let longitude { object["lon"] = .double(longitude) }
        extras.dump(into: &object)
        return .object(object)
    }

    /// The compact JSON of pydantic's `model_dump_json()`, byte for byte (see ``PydanticJSON``).
    public var canonicalJSON: String { PydanticJSON.serialize(dumped) }

    /// The lowercase hex MD5 of the UTF-8 ``canonicalJSON``: the Python original's `req_hash`.
    public var hash: String {
        Insecure.MD5.hash(data: Array(canonicalJSON.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// The object key (and file name) the Python original stores this poster under, at the bucket root:
    /// `{slug}_{style}_{hash[:8]}.{format.lower()}`, or `{slug}_ALL_THEMES_{hash[:8]}.zip` for all themes.
    public var objectKey: String {
        let prefix = "\(Self.slug(city))_"
        let shortHash = hash.prefix(8)
        if allThemes { return prefix + "ALL_THEMES_\(shortHash).zip" }
        return prefix + "\(style)_\(shortHash).\(format.lowercased())"
    }

    /// The Python original's file-name slug: Unicode NFKD, non-ASCII dropped, lowercased, `" "` → `"_"`.
    ///
    /// Punctuation survives: `Saint-Étienne` → `saint-etienne`, `Łódź` → `odz`, `東京` → ``.
    public static func slug(_ city: String) -> String {
        var result = ""
        for scalar in city.decomposedStringWithCompatibilityMapping.unicodeScalars where scalar.isASCII {
            switch scalar {
            case "A"..."Z": result.unicodeScalars.append(Unicode.Scalar(scalar.value + 32)!)
            case " ": result += "_"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

extension CustomLayer {
    /// The layer as pydantic's `model_dump()`.
    public var dumped: JSONValue {
        .object(
            JSONObject([
                ("label", .string(label)), ("tags", .object(tags)), ("color", .string(color)),
                ("width", .double(width)), ("enabled", .bool(enabled)),
            ]))
    }
}

extension CustomColors {
    /// The colours as pydantic's `model_dump()`.
    public var dumped: JSONValue {
        .object(
            JSONObject([
                ("bg", bg.map(JSONValue.string) ?? .null), ("water", water.map(JSONValue.string) ?? .null),
                ("parks", parks.map(JSONValue.string) ?? .null), ("roads", roads.map(JSONValue.string) ?? .null),
                ("text", text.map(JSONValue.string) ?? .null),
            ]))
    }
}
