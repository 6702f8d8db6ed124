public import JSON

extension PosterExtras {
    /// Adds the options that are set to a dumped request, in declared order; unset ones are left out.
    func dump(into object: inout JSONObject) {
        if let text { object["text"] = .string(text) }
        if let lineScale { object["line_scale"] = .double(lineScale) }
        if let frame { object["frame"] = .bool(frame) }
        if let fade { object["fade"] = .string(fade) }
        if let markers { object["markers"] = .array(markers.map(\.dumped)) }
        if let legend { object["legend"] = .bool(legend) }
        if let rotation { object["rotation"] = .double(rotation) }
        if let northArrow { object["north_arrow"] = .bool(northArrow) }
        if let greenSpace { object["green_space"] = .bool(greenSpace) }
        if let gpx { object["gpx"] = .string(gpx) }
    }

    /// Reads the options from a request object as pydantic would (`Optional[...] = None` each, lax coercions);
    /// `nil` after recording an issue.
    static func validate(_ reader: inout ModelValidator) -> PosterExtras? {
        let text = reader.optional("text", default: nil, FieldType.nullable(FieldType.string))
        let lineScale = reader.optional("line_scale", default: nil, FieldType.nullable(FieldType.double))
        let frame = reader.optional("frame", default: nil, FieldType.nullable(FieldType.bool))
        let fade = reader.optional("fade", default: nil, FieldType.nullable(FieldType.string))
        let markers = reader.optional(
            "markers", default: nil, FieldType.nullable(FieldType.list(MapMarker.validate)))
        let legend = reader.optional("legend", default: nil, FieldType.nullable(FieldType.bool))
        let rotation = reader.optional("rotation", default: nil, FieldType.nullable(FieldType.double))
        let northArrow = reader.optional("north_arrow", default: nil, FieldType.nullable(FieldType.bool))
        let greenSpace = reader.optional("green_space", default: nil, FieldType.nullable(FieldType.bool))
        let gpx = reader.optional("gpx", default: nil, FieldType.nullable(FieldType.string))
        guard let text, let lineScale, let frame, let fade, let markers, let legend, let rotation, let northArrow,
            let greenSpace, let gpx
        else { return nil }
        return PosterExtras(
            text: text, lineScale: lineScale, frame: frame, fade: fade, markers: markers, legend: legend,
            rotation: rotation, northArrow: northArrow, greenSpace: greenSpace, gpx: gpx)
    }
}

extension MapMarker {
    /// The marker as pydantic's `model_dump()`.
    public var dumped: JSONValue {
        .object(JSONObject([("lat", .double(latitude)), ("lon", .double(longitude)), ("label", .string(label))]))
    }

    static func validate(_ json: JSONValue, at path: [ValidationIssue.PathComponent], issues: inout [ValidationIssue])
        -> MapMarker?
    {
        guard var reader = ModelValidator(json, model: "Marker", at: path, issues: &issues) else { return nil }
        let latitude = reader.required("lat", FieldType.double)
        let longitude = reader.required("lon", FieldType.double)
        let label = reader.optional("label", default: "", FieldType.string)
        issues += reader.issues
        guard let latitude, let longitude, let label else { return nil }
        return MapMarker(latitude: latitude, longitude: longitude, label: label)
    }
}
