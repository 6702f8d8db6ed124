import CCairo
import Foundation
import PosterDesign

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
    /// The PNG's resolution.
    private let dotsPerInch: Int
    /// Receives the PDF or SVG bytes as Cairo writes them.
    private let sink = ByteSink()
    /// The PNG canvas's pixels, borrowed from ``RasterMemory`` and given back in `deinit`.
    private let raster: RasterMemory?

    /// A canvas for `options`' format and size: an RGB image for PNG, a one-page document for PDF and SVG.
    init(options: PosterOptions, layout: PosterLayout) throws {
        format = options.format
        dotsPerInch = options.dpi
        let closure = Unmanaged.passUnretained(sink).toOpaque()
        switch options.format {
        case .png:
            let (width, height) = options.pixelSize
            let stride = cairo_format_stride_for_width(CAIRO_FORMAT_RGB24, Int32(width))
            let memory = RasterMemory.take(byteCount: Int(stride) * height)
            raster = memory
            surface = cairo_image_surface_create_for_data(
                memory.bytes.assumingMemoryBound(to: UInt8.self),
                CAIRO_FORMAT_RGB24,
                Int32(width),
                Int32(height),
                stride
            )
        case .pdf:
            raster = nil
            surface = cairo_pdf_surface_create_for_stream(
                cairoWriteToSink,
                closure,
                layout.pageWidth,
                layout.pageHeight
            )
        case .svg:
            raster = nil
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
        if let raster { RasterMemory.give(raster) }
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
            guard let data = cairo_image_surface_get_data(surface) else {
                throw RenderError(.cairo, "Could not read the image to encode it.")
            }
            return try PNGEncoder(
                width: Int(cairo_image_surface_get_width(surface)),
                height: Int(cairo_image_surface_get_height(surface)),
                stride: Int(cairo_image_surface_get_stride(surface)),
                pixels: UnsafePointer(data),
                dotsPerInch: dotsPerInch
            ).encode()
        case .pdf, .svg:
            cairo_surface_finish(surface)
            try check("write the \(format.rawValue) document")
        }
        return sink.data
    }

    /// Horizontal stripes of the image, each with its own surface over the image's memory and its own
    /// context in page points, so that several threads can paint one poster (PNG canvases only).
    func bands(_ count: Int) -> [CairoBand] {
        guard format == .png, let data = cairo_image_surface_get_data(surface) else { return [] }
        let width = cairo_image_surface_get_width(surface)
        let height = Int(cairo_image_surface_get_height(surface))
        let rowBytes = cairo_image_surface_get_stride(surface)
        var matrix = cairo_matrix_t()
        cairo_get_matrix(context, &matrix)
        let rowsPerBand = (height + count - 1) / count
        return stride(from: 0, to: height, by: rowsPerBand).map { firstRow in
            let rows = min(rowsPerBand, height - firstRow)
            let band = cairo_image_surface_create_for_data(
                data + firstRow * Int(rowBytes),
                CAIRO_FORMAT_RGB24,
                width,
                Int32(rows),
                rowBytes
            )!
            let bandContext = cairo_create(band)!
            cairo_translate(bandContext, 0, -Double(firstRow))
            cairo_transform(bandContext, &matrix)
            return CairoBand(surface: band, context: bandContext)
        }
    }

    /// The pixel at column `x`, row `y` of a PNG canvas, or `nil` outside it (or for PDF and SVG).
    func pixel(x: Int, y: Int) -> (red: UInt8, green: UInt8, blue: UInt8)? {
        guard format == .png, let data = cairo_image_surface_get_data(surface),
            x >= 0, y >= 0, x < Int(cairo_image_surface_get_width(surface)),
            y < Int(cairo_image_surface_get_height(surface))
        else { return nil }
        cairo_surface_flush(surface)
        let offset = y * Int(cairo_image_surface_get_stride(surface)) + 4 * x
        let word = UnsafeRawPointer(data).loadUnaligned(fromByteOffset: offset, as: UInt32.self)
        return (UInt8((word >> 16) & 0xFF), UInt8((word >> 8) & 0xFF), UInt8(word & 0xFF))
    }
}

/// One stripe of a PNG canvas: a surface over part of the canvas's memory and a context drawing on it.
///
/// `@unchecked Sendable`: a band is handed to exactly one thread, which alone draws with it; bands never
/// overlap in memory, and the canvas outlives them (``PosterRenderer`` drops the bands before finishing).
final class CairoBand: @unchecked Sendable {
    /// The `cairo_t *`, in page points.
    let context: OpaquePointer
    private let surface: OpaquePointer

    init(surface: OpaquePointer, context: OpaquePointer) {
        self.surface = surface
        self.context = context
    }

    deinit {
        cairo_destroy(context)
        cairo_surface_flush(surface)
        cairo_surface_destroy(surface)
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
