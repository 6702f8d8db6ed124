import BlockingWork
public import Foundation
public import JSON
import MapFeatures
import OSM
import PosterDesign
import PosterRequestOptions
import PosterSchema
import Render

/// A small PNG of the poster a request asks for, for the page's live preview.
public struct PosterPreview: Sendable, Hashable {
    /// The PNG's bytes.
    public var png: Data
    /// Its size in pixels.
    public var width: Int
    public var height: Int
    /// As ``PosterResult/warnings``: e.g. part of the map has no data.
    public var warnings: [String]

    public init(png: Data, width: Int, height: Int, warnings: [String] = []) {
        self.png = png
        self.width = width
        self.height = height
        self.warnings = warnings
    }

    /// The task's return value: `{"preview": "data:image/png;base64,…", "width", "height", "warnings": […]}`.
    public var json: JSONValue {
        .object(
            JSONObject([
                ("preview", .string("data:image/png;base64," + png.base64EncodedString())), ("width", .int(width)),
                ("height", .int(height)), ("warnings", .array(warnings.map(JSONValue.string))),
            ]))
    }
}

extension PosterTask {
    /// The registered name of the preview task (ours; the Python original has none).
    public static let previewName = "mapposter.preview_poster"

    /// Renders the poster `argument` asks for as a PNG about `pixels` wide: the same centre, map, theme, colours,
    /// layers, labels, paper and margins, only at a lower dpi. An all-themes request previews its first theme.
    /// Nothing is stored; the map data comes through the same source as the full render (a ``OSM/CachedMapDataSource``
    /// makes the preview's fetch the full render's).
    ///
    /// - Throws: ``PosterJobError`` as ``run(_:progress:)`` does.
    public func preview(_ argument: JSONValue, pixels: Int = 600) async throws -> PosterPreview {
        var request = try PosterRequest(validating: argument)
        let theme = try request.validateOptions()
        request.dpi = min(1200, max(10, Int((Double(pixels) / request.width).rounded())))
        request.format = "png"
        let center = try await center(of: request)
        let warnings = try await coverageWarnings(request, theme: theme, center: center)
        let options = try request.posterOptions(theme: theme, center: center, withCustomColors: !request.allThemes)
        let fetched = try await fetch(request.mapDataRequest(for: options), noDataMessage: Self.noDataSingle)
        let map = fetched.mapData
        let png = try await renders.perform { try Self.render(map, options) }
        let size = options.pixelSize
        return PosterPreview(png: png, width: size.width, height: size.height, warnings: warnings + fetched.warnings)
    }
}
