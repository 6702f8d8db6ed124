import Foundation
import JSON
public import MapFeatures
public import OSM
public import PosterDesign
public import PosterSchema

extension PosterRequest {
    /// Distances the worker accepts, in metres: the web UI's slider range, ``PosterDesign/PosterOptions/standardDistanceRange``.
    public static let distanceRange =
        Int(PosterOptions.standardDistanceRange.lowerBound)...Int(PosterOptions.standardDistanceRange.upperBound)

    /// The poster format, checked: `png`, `svg` or `pdf` in any case.
    ///
    /// - Throws: ``PosterJobError`` with code ``PosterJobError/Code/invalidOptions``.
    public func posterFormat() throws(PosterJobError) -> PosterFormat {
        do {
            return try PosterFormat(parsing: format)
        } catch {
            throw optionsError("Unknown format '\(format)': use png, svg or pdf.", field: "format")
        }
    }

    /// The render options for `theme` centred on `center`, checked before any data is fetched.
    ///
    /// A `gpx` route is drawn; without a given centre (`center` is then the route's) the distance is the smallest that
    /// holds the route, within ``distanceRange``.
    ///
    /// Custom colours apply only when `withCustomColors` is set (single posters; the all-themes ZIP
    /// renders every theme as shipped). The title uses `name_label` when given: the Python original
    /// ignores it (maptoposter-web §8 item 2), which we fix without changing the hash.
    ///
    /// - Throws: ``PosterJobError`` with code ``PosterJobError/Code/invalidOptions`` for a distance
    ///   outside ``distanceRange``, a malformed colour, or a size, margin, dpi or one of the ``extras`` that
    ///   ``PosterDesign/PosterOptions/validate()`` refuses.
    public func posterOptions(theme: Theme, center: GeoPoint, withCustomColors: Bool) throws(PosterJobError)
        -> PosterOptions
    {
        guard Self.distanceRange ~= distance else {
            throw optionsError(
                "Invalid distance \(distance) m: must be between 500 and 100000 metres.", field: "distance")
        }
        var options = PosterOptions(
            center: center, distance: Double(distance), width: width, height: height, dpi: dpi, margins: margins,
            theme: theme,
            labels: PosterLabels(city: city, country: country, nameLabel: nameLabel, countryLabel: countryLabel),
            format: try posterFormat())
        if let route = try route() {
            options.route = route.lines
            if try givenCenter() == nil {
                options.distance = options.distance(fitting: route.lines, within: PosterOptions.standardDistanceRange)
            }
        }
        do {
            if withCustomColors, let customColors { options.customColors = try customColors.renderColors() }
            try extras.apply(to: &options)
            try options.validate()
        } catch let error as RenderError {
            throw optionsError(error.message, field: Self.field(refusedBy: error.code))
        } catch {
            throw optionsError("\(error)", field: nil)
        }
        return options
    }

    /// The shipped theme named by ``style`` (an empty style means `feature_based`).
    ///
    /// - Throws: ``PosterJobError`` with code ``PosterJobError/Code/invalidOptions`` listing the themes.
    public func theme() throws(PosterJobError) -> Theme {
        do {
            return try Theme.named(style)
        } catch let error as RenderError {
            throw optionsError(error.message, field: Self.field(refusedBy: error.code))
        } catch {
            throw optionsError("\(error)", field: nil)
        }
    }

    /// Checks everything the worker refuses before it fetches anything: the theme, the format, the distance, the
    /// size and dpi, the margins against the paper and the custom colours. The task runs it first; the API runs it
    /// before queueing, so a refused request never reaches the worker.
    ///
    /// - Returns: the theme of a single poster (the default theme for an all-themes ZIP, whose style is ignored).
    /// - Throws: ``PosterJobError`` with code ``PosterJobError/Code/invalidOptions`` and one ``ValidationIssue``.
    @discardableResult
    public func validateOptions() throws(PosterJobError) -> Theme {
        let theme: Theme
        if allThemes {
            do {
                theme = try Theme.named(Theme.defaultID)
            } catch {
                throw PosterJobError(code: .renderFailed, message: "The default theme does not load: \(error)")
            }
        } else {
            theme = try self.theme()
        }
        _ = try givenCenter()
        _ = try posterOptions(theme: theme, center: GeoPoint(latitude: 0, longitude: 0), withCustomColors: !allThemes)
        return theme
    }

    /// The route of the request's `gpx`, or `nil` without one.
    ///
    /// - Throws: ``PosterJobError`` with code ``PosterJobError/Code/invalidOptions`` at `gpx`, saying what is wrong
    ///   with the file (too large, not XML and where, not GPX, a point off the globe, no points).
    public func route() throws(PosterJobError) -> GPXRoute? {
        guard let gpx = extras.gpx else { return nil }
        do {
            return try GPXRoute(gpx: Data(gpx.utf8))
        } catch {
            throw optionsError(error.message, field: "gpx", showingInput: false)
        }
    }

    /// The centre the request gives (`lat` and `lon`), or `nil` when it gives none and the place is to be geocoded.
    ///
    /// - Throws: ``PosterJobError`` with code ``PosterJobError/Code/invalidOptions`` when only one of the two is given,
    ///   or a latitude outside −90…90 or a longitude outside −180…180 (NaN and infinities included).
    public func givenCenter() throws(PosterJobError) -> GeoPoint? {
        switch (latitude, longitude) {
        case (nil, nil): return nil
        case (.some, nil):
            throw optionsError("Give lat and lon together, or neither: lon is missing.", field: "lat")
        case (nil, .some):
            throw optionsError("Give lat and lon together, or neither: lat is missing.", field: "lon")
        case (let latitude?, let longitude?):
            guard (-90.0...90.0).contains(latitude) else {
                throw optionsError("Invalid lat \(latitude): must be between -90 and 90 degrees.", field: "lat")
            }
            guard (-180.0...180.0).contains(longitude) else {
                throw optionsError("Invalid lon \(longitude): must be between -180 and 180 degrees.", field: "lon")
            }
            return GeoPoint(latitude: latitude, longitude: longitude)
        }
    }

    /// An ``PosterJobError/Code/invalidOptions`` error with the issue a pydantic validator raising `ValueError`
    /// reports: `value_error` at `field` with its value, or at the request itself when `field` is `nil` (a
    /// refusal of several fields together, such as a PNG over the pixel budget).
    /// A field too large to echo (a GPX document) is reported with its input left out (`showingInput: false`).
    func optionsError(_ message: String, field: String?, showingInput: Bool = true) -> PosterJobError {
        let input: JSONValue = showingInput ? (field.flatMap { dumped[$0] } ?? dumped) : .null
        let issue = ValidationIssue(
            type: "value_error", location: field.map { [.key($0)] } ?? [], message: "Value error, \(message)",
            input: input)
        return PosterJobError(code: .invalidOptions, message: message, issues: [issue])
    }

    /// The request field a ``PosterDesign/RenderError`` refuses; `nil` when it concerns several fields.
    static func field(refusedBy code: RenderError.Code) -> String? {
        switch code {
        case .unknownTheme, .invalidTheme: "style"
        case .unknownFormat: "format"
        case .invalidDPI: "dpi"
        case .invalidMargins: "margins"
        case .invalidDistance: "distance"
        case .invalidColor: "custom_colors"
        case .invalidText: "text"
        case .invalidFade: "fade"
        case .invalidLineScale: "line_scale"
        case .invalidMarker: "markers"
        case .invalidRotation: "rotation"
        case .invalidRoute: "gpx"
        default: nil
        }
    }

    /// What to fetch for the poster `options` (this request's, from ``posterOptions(theme:center:withCustomColors:)``):
    /// around its centre, the web fork's compensated distance (`distance × long side / short side`,
    /// maptoposter-web §1.5, more for a rotated map: ``PosterDesign/PosterOptions/fetchDistance``), and the enabled custom
    /// layers, and green space when ``PosterExtras/greenSpace`` asks for it; features are kept only where the poster
    /// draws (``OSM/MapDataRequest/drawnBox``).
    public func mapDataRequest(for options: PosterOptions) -> MapDataRequest {
        var request = MapDataRequest(
            center: options.center, distance: options.fetchDistance, layers: enabledLayers,
            areaName: "\(city), \(country)")
        request.includeGreenSpace = extras.greenSpace ?? false
        request.drawnBox = options.drawnBoundingBox(widestLine: request.widestLayerLine)
        return request
    }

    /// The custom layers OSMnx would fetch: enabled, with at least one usable tag.
    var enabledLayers: [MapDataRequest.Layer] {
        (customLayers ?? []).compactMap { layer in
            guard layer.enabled, let filter = layer.tagFilter else { return nil }
            return MapDataRequest.Layer(label: layer.label, color: layer.color, width: layer.width, filter: filter)
        }
    }
}

extension CustomLayer {
    /// The layer's `tags` as OSMnx reads them: `key: value`, `key: [values]` or `key: true` (any
    /// value); other values are skipped. `nil` when no tag is usable.
    var tagFilter: TagFilter? {
        var clauses: [String: [String]] = [:]
        for (key, value) in tags {
            switch value {
            case .string(let text): clauses[key, default: []].append(text)
            case .array(let values): clauses[key, default: []] += values.compactMap(\.string)
            case .bool(true): clauses[key] = []
            default: continue
            }
        }
        return clauses.isEmpty ? nil : TagFilter(clauses)
    }
}

extension CustomColors {
    /// The colours the poster is drawn with (``PosterDesign/ColorOverrides``); empty strings count as unset, as Python's truthiness does.
    ///
    /// - Throws: ``PosterDesign/RenderError`` for a colour that is not `#rgb`, `#rrggbb` or `#rrggbbaa`.
    func renderColors() throws -> ColorOverrides {
        func color(_ text: String?) throws -> RGBColor? {
            guard let text, !text.isEmpty else { return nil }
            return try RGBColor(hex: text)
        }
        return ColorOverrides(
            background: try color(bg), water: try color(water), parks: try color(parks), roads: try color(roads),
            text: try color(text))
    }
}
