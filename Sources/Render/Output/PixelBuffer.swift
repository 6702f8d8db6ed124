import CCairo
import Foundation
import PosterDesign

/// The pixels of a raster poster, copied out of Cairo: 8-bit RGB, rows top to bottom.
///
/// Used to check renders (tests, goldens) without keeping any Cairo object alive.
struct PixelBuffer: Sendable {
    let width: Int
    let height: Int
    /// `width × height × 3` bytes, R G B per pixel.
    private(set) var rgb: [UInt8]

    /// Copies an image surface (RGB24 or ARGB32, alpha dropped).
    init(imageSurface surface: OpaquePointer) {
        let width = Int(cairo_image_surface_get_width(surface))
        let height = Int(cairo_image_surface_get_height(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        var rgb = [UInt8](repeating: 0, count: width * height * 3)
        if let data = cairo_image_surface_get_data(surface) {
            for y in 0..<height {
                let row = data + y * stride
                for x in 0..<width {
                    // Native-endian 0x00RRGGBB words.
                    let word = UnsafeRawPointer(row + 4 * x).loadUnaligned(as: UInt32.self)
                    let index = (y * width + x) * 3
                    rgb[index] = UInt8((word >> 16) & 0xFF)
                    rgb[index + 1] = UInt8((word >> 8) & 0xFF)
                    rgb[index + 2] = UInt8(word & 0xFF)
                }
            }
        }
        self.width = width
        self.height = height
        self.rgb = rgb
    }

    /// Decodes a PNG file's bytes.
    ///
    /// - Throws: ``RenderError/Code/cairo`` when the bytes are not a PNG.
    init(png: Data) throws {
        let source = ByteSource(data: png)
        let surface = cairo_image_surface_create_from_png_stream(
            cairoReadFromSource,
            Unmanaged.passUnretained(source).toOpaque()
        )!
        defer { cairo_surface_destroy(surface) }
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw RenderError(.cairo, "Could not decode the PNG: \(String(cString: cairo_status_to_string(status))).")
        }
        self.init(imageSurface: surface)
    }

    /// The pixel at column `x`, row `y` from the top.
    subscript(x: Int, y: Int) -> (red: UInt8, green: UInt8, blue: UInt8) {
        let index = (y * width + x) * 3
        return (rgb[index], rgb[index + 1], rgb[index + 2])
    }
}

/// Feeds a PNG's bytes to Cairo's reader.
private final class ByteSource {
    let data: Data
    var offset = 0

    init(data: Data) { self.data = data }
}

/// Cairo's `cairo_read_func_t`: copies the next `length` bytes of the ``ByteSource`` passed as `closure`.
private func cairoReadFromSource(
    _ closure: UnsafeMutableRawPointer?,
    _ buffer: UnsafeMutablePointer<UInt8>?,
    _ length: UInt32
) -> cairo_status_t {
    guard let closure, let buffer else { return CAIRO_STATUS_READ_ERROR }
    let source = Unmanaged<ByteSource>.fromOpaque(closure).takeUnretainedValue()
    let count = Int(length)
    guard source.offset + count <= source.data.count else { return CAIRO_STATUS_READ_ERROR }
    let start = source.data.startIndex + source.offset
    source.data.copyBytes(to: buffer, from: start..<(start + count))
    source.offset += count
    return CAIRO_STATUS_SUCCESS
}
