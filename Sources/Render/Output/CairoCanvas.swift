import CCairo
import Foundation

/// One Cairo surface and its drawing context, owned together: created for one poster, freed in `deinit`.
///
/// Threading: a canvas belongs to the render call that made it and is never shared, so several renders can
/// run on several threads at once. User space is in points (1/72 in) with the origin at the page's top-left;
/// the PNG canvas scales points to pixels.
final class CairoCanvas {
    /// The `cairo_t *`.
    let context: OpaquePointer
    private let surface: OpaquePointer
    private let format: PosterFormat
    /// Receives the PDF or SVG bytes as Cairo writes them.
    private let sink = ByteSink()

    /// A canvas for `options`' format and size: an RGB image for PNG, a one-page document for PDF and SVG.
    init(options: PosterOptions, layout: PosterLayout) throws {
        format = options.format
        let closure = Unmanaged.passUnretained(sink).toOpaque()
        switch options.format {
        case .png:
            let (width, height) = options.pixelSize
            surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height))
        case .pdf:
            surface = cairo_pdf_surface_create_for_stream(
                cairoWriteToSink,
                closure,
                layout.pageWidth,
                layout.pageHeight
            )
        case .svg:
            surface = cairo_svg_surface_create_for_stream(
                cairoWriteToSink,
                closure,
                layout.pageWidth,
                layout.pageHeight
            )
        }
        context = cairo_create(surface)
        if options.format == .png {
            let scale = Double(options.dpi) / PosterLayout.pointsPerInch
            cairo_scale(context, scale, scale)
        }
        try check("create the \(options.format.rawValue) canvas")
    }

    deinit {
        cairo_destroy(context)
        cairo_surface_destroy(surface)
    }

    /// Throws if the context or the surface is in an error state.
    func check(_ operation: String) throws {
        let status =
            cairo_status(context) != CAIRO_STATUS_SUCCESS ? cairo_status(context) : cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            let reason = String(cString: cairo_status_to_string(status))
            throw RenderError(.cairo, "Could not \(operation): \(reason).")
        }
    }

    /// Ends drawing and returns the file's bytes: the PNG encoding of the image, or the finished document.
    func finish() throws -> Data {
        try check("draw the poster")
        switch format {
        case .png:
            cairo_surface_flush(surface)
            let status = cairo_surface_write_to_png_stream(
                surface,
                cairoWriteToSink,
                Unmanaged.passUnretained(sink).toOpaque()
            )
            guard status == CAIRO_STATUS_SUCCESS else {
                throw RenderError(
                    .cairo, "Could not encode the PNG: \(String(cString: cairo_status_to_string(status))).")
            }
        case .pdf, .svg:
            cairo_surface_finish(surface)
            try check("write the \(format.rawValue) document")
        }
        return sink.data
    }

    /// A copy of the image's pixels (PNG canvases only).
    func pixels() -> PixelBuffer? {
        guard format == .png else { return nil }
        cairo_surface_flush(surface)
        return PixelBuffer(imageSurface: surface)
    }
}

/// Collects the bytes a Cairo stream writes.
final class ByteSink {
    var data = Data()
}

/// Cairo's `cairo_write_func_t`: appends to the ``ByteSink`` passed as `closure`.
private func cairoWriteToSink(
    _ closure: UnsafeMutableRawPointer?,
    _ bytes: UnsafePointer<UInt8>?,
    _ length: UInt32
) -> cairo_status_t {
    guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
    Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue().data.append(bytes, count: Int(length))
    return CAIRO_STATUS_SUCCESS
}
