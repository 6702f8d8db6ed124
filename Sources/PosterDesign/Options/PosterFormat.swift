/// The file format of a poster: a PNG raster, or SVG and PDF vector documents.
public enum PosterFormat: String, Sendable, Hashable, CaseIterable, Codable {
    case png
    case svg
    case pdf

    /// Parses `png`, `svg` or `pdf`, in any case.
    ///
    /// - Throws: ``RenderError/Code/unknownFormat`` for anything else.
    public init(parsing text: String) throws {
        guard let format = PosterFormat(rawValue: text.lowercased()) else {
            throw RenderError(.unknownFormat, "Unknown format '\(text)': use png, svg or pdf.")
        }
        self = format
    }

    /// The MIME type the original uploads with: `image/png`, `image/svg+xml`, `application/pdf`.
    public var contentType: String {
        switch self {
        case .png: "image/png"
        case .svg: "image/svg+xml"
        case .pdf: "application/pdf"
        }
    }

    /// The file name extension, without the dot.
    public var fileExtension: String { rawValue }
}
