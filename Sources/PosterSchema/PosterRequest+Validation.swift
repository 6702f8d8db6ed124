public import JSON

extension PosterRequest {
    /// Validates a decoded JSON request as pydantic's `PosterRequest(**request_data)` does.
    ///
    /// Lax-mode coercions apply: an integer field takes `5000`, `5000.0`, `"5000"`, `"5_000"` or
    /// `true` but not `5000.5` (`int_from_float`); a float field takes integers, numeric strings,
    /// `"inf"` and `"nan"`; a boolean field takes `0`/`1` and strings such as `"yes"` or `"off"`;
    /// string fields take only strings. Unknown members are ignored. `lat` and `lon` (our addition) are optional floats;
    /// their pairing and ranges are checked by `validateOptions()` (`PosterRequestOptions`), as are the ranges of the
    /// ``PosterExtras``.
    ///
    /// - Parameter json: the request object (Celery's `args[0]`, or the HTTP body).
    /// - Throws: ``PosterJobError`` with code ``PosterJobError/Code/invalidRequest`` and every
    ///   ``ValidationIssue`` in pydantic's order.
    public init(validating json: JSONValue) throws(PosterJobError) {
        var issues: [ValidationIssue] = []
        guard let request = Self.validate(json, at: [], issues: &issues) else {
            let summary = issues.map(\.description).joined(separator: "; ")
            throw PosterJobError(
                code: .invalidRequest,
                message:
                    "\(issues.count) validation error\(issues.count == 1 ? "" : "s") for PosterRequest: \(summary)",
                issues: issues)
        }
        self = request
    }

    /// Parses JSON text and validates it. See ``init(validating:)``.
    ///
    /// - Throws: ``PosterJobError`` with code ``PosterJobError/Code/invalidJSON`` when `text` is not JSON.
    public init(json text: String) throws(PosterJobError) {
        let json: JSONValue
        do {
            json = try JSONValue(parsing: text)
        } catch {
            throw PosterJobError(code: .invalidJSON, message: "\(error)")
        }
        try self.init(validating: json)
    }

    static func validate(_ json: JSONValue, at path: [ValidationIssue.PathComponent], issues: inout [ValidationIssue])
        -> PosterRequest?
    {
        guard var reader = ModelValidator(json, model: "PosterRequest", at: path, issues: &issues) else { return nil }
        let city = reader.required("city", FieldType.string)
        let country = reader.required("country", FieldType.string)
        let style = reader.optional("style", default: "feature_based", FieldType.string)
        let allThemes = reader.optional("all_themes", default: false, FieldType.bool)
        let distance = reader.optional("distance", default: 10000, FieldType.int)
        let width = reader.optional("width", default: 12.0, FieldType.double)
        let height = reader.optional("height", default: 16.0, FieldType.double)
        let countryLabel = reader.optional("country_label", default: nil, FieldType.nullable(FieldType.string))
        let nameLabel = reader.optional("name_label", default: nil, FieldType.nullable(FieldType.string))
        let customLayers = reader.optional(
            "custom_layers", default: nil, FieldType.nullable(FieldType.list(CustomLayer.validate)))
        let customColors = reader.optional("custom_colors", default: nil, FieldType.nullable(CustomColors.validate))
        let format = reader.optional("format", default: "png", FieldType.string)
        let dpi = reader.optional("dpi", default: 300, FieldType.int)
        let margins = reader.optional("margins", default: 0.0, FieldType.double)
        let paperSize = reader.optional("paper_size", default: "custom", FieldType.string)
        let latitude = reader.optional("lat", default: nil, FieldType.nullable(FieldType.double))
        let longitude = reader.optional("lon", default: nil, FieldType.nullable(FieldType.double))
        let extras = PosterExtras.validate(&reader)
        issues += reader.issues
        guard let city, let country, let style, let allThemes, let distance, let width, let height,
            let countryLabel, let nameLabel, let customLayers, let customColors, let format, let dpi, let margins,
            let paperSize, let latitude, let longitude, let extras
        else { return nil }
        return PosterRequest(
            city: city, country: country, style: style, allThemes: allThemes, distance: distance, width: width,
            height: height, countryLabel: countryLabel, nameLabel: nameLabel, customLayers: customLayers,
            customColors: customColors, format: format, dpi: dpi, margins: margins, paperSize: paperSize,
            latitude: latitude, longitude: longitude, extras: extras)
    }
}

extension CustomLayer {
    static func validate(_ json: JSONValue, at path: [ValidationIssue.PathComponent], issues: inout [ValidationIssue])
        -> CustomLayer?
    {
        guard var reader = ModelValidator(json, model: "CustomLayer", at: path, issues: &issues) else { return nil }
        let label = reader.required("label", FieldType.string)
        let tags = reader.required("tags", FieldType.dictionary)
        let color = reader.required("color", FieldType.string)
        let width = reader.optional("width", default: 1.0, FieldType.double)
        let enabled = reader.optional("enabled", default: true, FieldType.bool)
        issues += reader.issues
        guard let label, let tags, let color, let width, let enabled else { return nil }
        return CustomLayer(label: label, tags: tags, color: color, width: width, enabled: enabled)
    }
}

extension CustomColors {
    static func validate(_ json: JSONValue, at path: [ValidationIssue.PathComponent], issues: inout [ValidationIssue])
        -> CustomColors?
    {
        guard var reader = ModelValidator(json, model: "CustomColors", at: path, issues: &issues) else { return nil }
        let optionalString = FieldType.nullable(FieldType.string)
        let bg = reader.optional("bg", default: nil, optionalString)
        let water = reader.optional("water", default: nil, optionalString)
        let parks = reader.optional("parks", default: nil, optionalString)
        let roads = reader.optional("roads", default: nil, optionalString)
        let text = reader.optional("text", default: nil, optionalString)
        issues += reader.issues
        guard let bg, let water, let parks, let roads, let text else { return nil }
        return CustomColors(bg: bg, water: water, parks: parks, roads: roads, text: text)
    }
}
