import Foundation

/// A colour with components in 0…1, parsed from the CSS hex forms themes and requests use.
public struct RGBColor: Sendable, Hashable, CustomStringConvertible {
    public var red: Double
    public var green: Double
    public var blue: Double
    public var alpha: Double

    public init(red: Double, green: Double, blue: Double, alpha: Double = 1) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }

    /// Parses `#rgb`, `#rgba`, `#rrggbb` or `#rrggbbaa` (the `#` is optional, hex digits in any case).
    ///
    /// - Throws: ``RenderError/Code/invalidColor`` for anything else.
    public init(hex text: String) throws {
        var digits = Substring(text.trimmingCharacters(in: .whitespaces))
        if digits.hasPrefix("#") { digits = digits.dropFirst() }
        let values = digits.compactMap { $0.hexDigitValue }
        guard values.count == digits.count, [3, 4, 6, 8].contains(values.count) else {
            throw RenderError(.invalidColor, "Invalid colour '\(text)': use #rrggbb.")
        }
        let channels: [Double] =
            if values.count <= 4 {
                values.map { Double($0 * 17) / 255 }
            } else {
                stride(from: 0, to: values.count, by: 2).map { Double(values[$0] * 16 + values[$0 + 1]) / 255 }
            }
        self.init(red: channels[0], green: channels[1], blue: channels[2], alpha: channels.count == 4 ? channels[3] : 1)
    }

    /// `#RRGGBB`, upper-case, as the theme files write colours (alpha is not shown).
    public var hex: String {
        let digits = [red, green, blue].map { component -> String in
            let byte = Int((min(max(component, 0), 1) * 255).rounded())
            return String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
        }
        return "#" + digits.joined()
    }

    public var description: String { hex }

    /// The 8-bit `(r, g, b)` a raster pixel of this colour holds.
    public var bytes: (red: UInt8, green: UInt8, blue: UInt8) {
        func byte(_ value: Double) -> UInt8 { UInt8((min(max(value, 0), 1) * 255).rounded()) }
        return (byte(red), byte(green), byte(blue))
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
