import JSON

/// The interim validator of `POST /generate` until the `PosterJob` module's `PosterRequest` is wired in:
/// requires `city` and `country` as strings (pydantic's `missing` / `string_type` issues) and dumps the
/// request with the original's 15 keys in order, defaults filled in, other values passed as given.
struct BasicPosterRequestValidator: PosterRequestValidator {
    /// `PosterRequest`'s fields and defaults, in declaration order (maptoposter-web §1.4).
    static let fields: [(String, JSONValue?)] = [
        ("city", nil), ("country", nil), ("style", "feature_based"), ("all_themes", false), ("distance", 10000),
        ("width", 12.0), ("height", 16.0), ("country_label", .null), ("name_label", .null), ("custom_layers", .null),
        ("custom_colors", .null), ("format", "png"), ("dpi", 300), ("margins", 0.0), ("paper_size", "custom"),
    ]

    func validate(_ body: JSONValue) throws(RequestValidationFailure) -> JSONValue {
        guard let object = body.object else {
            throw RequestValidationFailure(detail: [
                [
                    "type": "model_attributes_type", "loc": ["body"],
                    "msg": "Input should be a valid dictionary or object to extract fields from", "input": body,
                ]
            ])
        }
        var issues: [JSONValue] = []
        var dumped: [(String, JSONValue)] = []
        for (name, fallback) in Self.fields {
            let value = object[name]
            if fallback == nil {
                guard let value else {
                    issues.append([
                        "type": "missing", "loc": ["body", .string(name)], "msg": "Field required", "input": body,
                    ])
                    continue
                }
                guard value.string != nil else {
                    issues.append([
                        "type": "string_type", "loc": ["body", .string(name)], "msg": "Input should be a valid string",
                        "input": value,
                    ])
                    continue
                }
            }
            dumped.append((name, value ?? fallback ?? .null))
        }
        guard issues.isEmpty else { throw RequestValidationFailure(detail: issues) }
        return .object(JSONObject(dumped))
    }
}
