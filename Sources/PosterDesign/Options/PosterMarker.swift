import Foundation
public import MapFeatures

/// A pin on the map at a place, with an optional label ("Home", "Café Regatta").
public struct PosterMarker: Sendable, Hashable {
    /// Where the pin's tip points.
    public var point: GeoPoint
    /// Drawn beside the pin, or in the legend when the markers are numbered; may be empty.
    public var label: String

    /// The longest label, in characters.
    public static let maximumLabelLength = 80

    public init(point: GeoPoint, label: String = "") {
        self.point = point
        self.label = label
    }

    /// Parses `LAT,LON` or `LAT,LON,LABEL` (the label may itself hold commas), e.g. `60.17,24.94,Home`.
    ///
    /// - Throws: ``RenderError/Code/invalidMarker`` naming what is wrong.
    public init(parsing text: String) throws {
        let parts = text.split(separator: ",", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2,
            let latitude = Double(parts[0].trimmingCharacters(in: .whitespaces)),
            let longitude = Double(parts[1].trimmingCharacters(in: .whitespaces))
        else {
            throw RenderError(
                .invalidMarker,
                "Invalid marker '\(text)': write it as LAT,LON or LAT,LON,LABEL (e.g. 60.17,24.94,Home).")
        }
        let label = parts.count > 2 ? parts[2].trimmingCharacters(in: .whitespaces) : ""
        self.init(point: GeoPoint(latitude: latitude, longitude: longitude), label: label)
    }

    /// Checks the position and the label's length.
    ///
    /// - Throws: ``RenderError/Code/invalidMarker``.
    public func validate() throws {
        guard (-90...90).contains(point.latitude), (-180...180).contains(point.longitude) else {
            throw RenderError(
                .invalidMarker,
                "Invalid marker at \(point.latitude), \(point.longitude): latitude must be within ±90 and longitude within ±180."
            )
        }
        guard label.count <= Self.maximumLabelLength else {
            throw RenderError(
                .invalidMarker, "Marker label too long (\(label.count) characters): at most \(Self.maximumLabelLength)."
            )
        }
    }
}
