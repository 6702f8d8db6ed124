import Foundation
import MapFeatures

extension PosterOptions {
    /// Smallest and largest page side, in inches (A0's long side is 46.8 in).
    public static let sizeRange: ClosedRange<Double> = 1...60
    /// Accepted resolutions.
    public static let dpiRange: ClosedRange<Int> = 10...1200
    /// Distances in metres the renderer draws.
    public static let distanceRange: ClosedRange<Double> = 1...200_000
    /// Distances in metres the web UI offers and the API and the worker accept; the CLI's unless told otherwise.
    public static let standardDistanceRange: ClosedRange<Double> = 500...100_000
    /// Road width multipliers the renderer takes.
    public static let lineScaleRange: ClosedRange<Double> = 0.1...10
    /// The most markers one poster carries.
    public static let maximumMarkers = 50
    /// The most points a route may have.
    public static let maximumRoutePoints = 200_000
    /// Largest PNG, in pixels (150 million is 600 MB of canvas).
    public static let maximumPixels = 150_000_000

    /// The PNG's size: exactly `round(width·dpi) × round(height·dpi)` pixels.
    public var pixelSize: (width: Int, height: Int) {
        (Int((width * Double(dpi)).rounded()), Int((height * Double(dpi)).rounded()))
    }

    /// The widest margins this page takes, in inches: the map box keeps at least half the page's width, and is
    /// tall enough for the text block.
    ///
    /// The text is sized by the page (``PosterLayout/textScale``) but placed at fractions of the box's height; the
    /// country line's capitals (22 pt × scale, 0.71 em high) must stay under the divider, which is 2.5 % of the box's
    /// height above the country's baseline, with room for the divider's stroke. That needs a box at least
    /// ``minimumBoxHeightPerTextScale`` × scale points tall (10 in on a 12 × 16 in poster).
    public var maximumMargins: Double {
        let textScale = min(width, height) / 12
        let minimumBoxHeight = Self.minimumBoxHeightPerTextScale * textScale / PosterLayout.pointsPerInch
        return max(0, min(width / 4, (height - minimumBoxHeight) / 2))
    }

    /// See ``maximumMargins``: (22 × 0.711 + 0.5 + 2) pt of text and clearance over 2.5 % of the box.
    static let minimumBoxHeightPerTextScale = (22 * 0.711 + 0.5 + 2) / 0.025

    /// `12`, `8.27` or `2.96`: inches as people write them (at most two decimals).
    private static func inches(_ value: Double, roundingDown: Bool = false) -> String {
        let hundredths = roundingDown ? (value * 100).rounded(.down) : (value * 100).rounded()
        return String(format: "%g", hundredths / 100)
    }

    /// Checks every option and throws the first problem found, as a sentence naming the option.
    ///
    /// - Throws: ``RenderError`` with code `invalidSize`, `invalidDPI`, `invalidMargins`, `invalidDistance`,
    ///   `invalidCenter`, `invalidLineScale`, `invalidRotation`, `invalidMarker` or `invalidRoute`.
    public func validate() throws {
        for (name, value) in [("width", width), ("height", height)] where !(value.isFinite && Self.sizeRange ~= value) {
            throw RenderError(
                .invalidSize,
                "Invalid \(name) \(value) in: must be between \(Self.sizeRange.lowerBound) and \(Self.sizeRange.upperBound) inches."
            )
        }
        guard Self.dpiRange ~= dpi else {
            throw RenderError(
                .invalidDPI,
                "Invalid dpi \(dpi): must be between \(Self.dpiRange.lowerBound) and \(Self.dpiRange.upperBound)."
            )
        }
        if format == .png {
            let (pixelWidth, pixelHeight) = pixelSize
            guard pixelWidth * pixelHeight <= Self.maximumPixels else {
                throw RenderError(
                    .invalidSize,
                    "Poster too large: \(pixelWidth)×\(pixelHeight) px is over \(Self.maximumPixels / 1_000_000) million pixels; lower the dpi or the size."
                )
            }
        }
        guard margins.isFinite, margins >= 0 else {
            throw RenderError(.invalidMargins, "Invalid margins \(margins) in: must be 0 or more.")
        }
        guard margins <= maximumMargins else {
            throw RenderError(
                .invalidMargins,
                "Margins of \(Self.inches(margins)) in leave too little room on a \(Self.inches(width)) × \(Self.inches(height)) in poster: the map and its text need margins of at most \(Self.inches(maximumMargins, roundingDown: true)) in."
            )
        }
        guard distance.isFinite, Self.distanceRange ~= distance else {
            throw RenderError(
                .invalidDistance,
                "Invalid distance \(distance) m: must be between \(Int(Self.distanceRange.lowerBound)) and \(Int(Self.distanceRange.upperBound)) metres."
            )
        }
        guard (-90...90).contains(center.latitude), (-180...180).contains(center.longitude) else {
            throw RenderError(
                .invalidCenter,
                "Invalid centre \(center.latitude), \(center.longitude): latitude must be within ±90 and longitude within ±180."
            )
        }
        try validateDecorations()
    }

    /// Checks the line scale, the rotation, the markers and the route.
    private func validateDecorations() throws {
        guard lineScale.isFinite, Self.lineScaleRange ~= lineScale else {
            throw RenderError(
                .invalidLineScale,
                "Invalid line scale \(lineScale): must be between \(Self.lineScaleRange.lowerBound) and \(Self.lineScaleRange.upperBound)."
            )
        }
        guard rotation.isFinite, (-360...360).contains(rotation) else {
            throw RenderError(.invalidRotation, "Invalid rotation \(rotation)°: must be between -360 and 360 degrees.")
        }
        guard markers.count <= Self.maximumMarkers else {
            throw RenderError(
                .invalidMarker, "Too many markers (\(markers.count)): a poster takes at most \(Self.maximumMarkers).")
        }
        for marker in markers { try marker.validate() }
        let routePoints = route.reduce(0) { $0 + $1.count }
        guard routePoints <= Self.maximumRoutePoints else {
            throw RenderError(
                .invalidRoute, "Route too long (\(routePoints) points): at most \(Self.maximumRoutePoints).")
        }
        for point in route.joined()
        where !((-90...90).contains(point.latitude) && (-180...180).contains(point.longitude)) {
            throw RenderError(
                .invalidRoute,
                "Invalid route point \(point.latitude), \(point.longitude): latitude must be within ±90 and longitude within ±180."
            )
        }
    }
}
