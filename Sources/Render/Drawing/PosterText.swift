import Foundation
import MapFeatures
import PosterDesign

/// The text lines of a poster and their sizes, worked out as the Python original does (no drawing here).
struct PosterText: Sendable, Hashable {
    /// The title as drawn: Latin names upper-cased with two spaces between letters ("P  A  R  I  S").
    var title: String
    /// Title size in points.
    var titleSize: Double
    /// The country line, upper-cased; empty when there is none.
    var country: String
    var countrySize: Double
    /// `48.8566° N / 2.3522° E`.
    var coordinates: String
    var coordinatesSize: Double
    /// The divider's line width in points.
    var dividerWidth: Double

    static let attribution = "© OpenStreetMap contributors"
    /// The attribution's fixed size in points.
    static let attributionSize = 8.0

    init(labels: PosterLabels, center: GeoPoint, scale: Double) {
        let name = labels.title
        title = Self.isLatin(name) ? Self.letterSpaced(name.uppercased()) : name
        // The >10 rule counts code points of the name as given, as Python's len() does.
        let length = name.unicodeScalars.count
        titleSize = length > 10 ? max(60 * scale * 10 / Double(length), 10) : 60 * scale
        country = labels.countryLine.uppercased()
        countrySize = 22 * scale
        coordinates = Self.coordinates(center)
        coordinatesSize = 14 * scale
        dividerWidth = 1 * scale
    }

    /// Joins the characters with two spaces, so a space in the name becomes five.
    static func letterSpaced(_ text: String) -> String {
        text.map(String.init).joined(separator: "  ")
    }

    /// The original's `is_latin_script`: more than 80 % of the letters are below U+0250; no letters counts as Latin.
    ///
    /// Non-Latin names (東京, Москва, القاهرة) are drawn as given: spacing their code points apart would break
    /// Arabic joining and Indic clusters.
    static func isLatin(_ text: String) -> Bool {
        let letters = text.unicodeScalars.filter(\.properties.isAlphabetic)
        guard !letters.isEmpty else { return true }
        let latin = letters.filter { $0.value < 0x250 }.count
        return Double(latin) / Double(letters.count) > 0.8
    }

    /// `48.8566° N / 2.3522° E`, with `S` and `W` for negative values and never a minus sign.
    static func coordinates(_ point: GeoPoint) -> String {
        let latitude = String(format: "%.4f", abs(point.latitude)) + (point.latitude < 0 ? "° S" : "° N")
        let longitude = String(format: "%.4f", abs(point.longitude)) + (point.longitude < 0 ? "° W" : "° E")
        return "\(latitude) / \(longitude)"
    }
}
