/// A named poster size in inches: the portrait presets and, with `-landscape` after the name, the same turned.
public struct PaperSize: Sendable, Hashable {
    /// The name users type, e.g. `"A4"` or `"12x16"`.
    public var name: String
    /// Width in inches.
    public var width: Double
    /// Height in inches.
    public var height: Double

    public init(name: String, width: Double, height: Double) {
        self.name = name
        self.width = width
        self.height = height
    }

    private static let millimetresPerInch = 25.4

    /// ISO A4, 210 × 297 mm.
    public static let a4 = PaperSize(name: "A4", width: 210 / millimetresPerInch, height: 297 / millimetresPerInch)
    /// ISO A3, 297 × 420 mm.
    public static let a3 = PaperSize(name: "A3", width: 297 / millimetresPerInch, height: 420 / millimetresPerInch)
    /// 12 × 16 in, the Python original's default.
    public static let inches12x16 = PaperSize(name: "12x16", width: 12, height: 16)
    /// 30 × 40 cm.
    public static let centimetres30x40 = PaperSize(
        name: "30x40cm",
        width: 300 / millimetresPerInch,
        height: 400 / millimetresPerInch
    )

    /// Every portrait preset, in the order the web UI lists them.
    public static let presets: [PaperSize] = [.a4, .a3, .inches12x16, .centimetres30x40]

    /// The suffix that turns a preset's name into its landscape one: `A4-landscape`.
    public static let landscapeSuffix = "-landscape"

    /// The same paper turned on its side (width and height swapped), named with ``landscapeSuffix``.
    public var landscape: PaperSize {
        PaperSize(name: name + Self.landscapeSuffix, width: height, height: width)
    }

    /// Every name ``preset(named:)`` accepts besides `custom`: the portrait presets, then the landscape ones.
    public static var names: [String] { presets.map(\.name) + presets.map(\.landscape.name) }

    /// The preset called `name` (case-insensitive; `A4-landscape` turns A4), or `nil` for `"custom"`.
    ///
    /// - Throws: ``RenderError/Code/unknownPaperSize`` when `name` is neither a preset nor `custom`.
    public static func preset(named name: String) throws -> PaperSize? {
        let wanted = name.lowercased()
        if wanted == "custom" { return nil }
        for preset in presets {
            if preset.name.lowercased() == wanted { return preset }
            if preset.landscape.name.lowercased() == wanted { return preset.landscape }
        }
        let names = (Self.names + ["custom"]).joined(separator: ", ")
        throw RenderError(.unknownPaperSize, "Unknown paper size '\(name)': use one of \(names).")
    }
}
