/// The one error `PosterDesign` and `Render` throw: bad options, an unknown theme, a Cairo or compression failure.
///
/// ``description`` is safe to show to end users (it names the option and the accepted range);
/// ``debugDescription`` adds where it was thrown and the underlying Cairo status.
public struct RenderError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What went wrong, as an extensible set of codes.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case invalidSize, invalidDPI, invalidMargins, invalidDistance, invalidCenter
            case invalidColor, unknownTheme, invalidTheme, unknownFormat, unknownPaperSize, cairo, encoding
            case invalidText, invalidFade, invalidLineScale, invalidMarker, invalidRotation, invalidRoute
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// Width or height out of range, or a PNG over the pixel budget.
        public static let invalidSize = Code(.invalidSize)
        /// Dots per inch out of range.
        public static let invalidDPI = Code(.invalidDPI)
        /// Negative or non-finite margins.
        public static let invalidMargins = Code(.invalidMargins)
        /// Distance not positive, or too large.
        public static let invalidDistance = Code(.invalidDistance)
        /// Latitude or longitude out of range.
        public static let invalidCenter = Code(.invalidCenter)
        /// A colour that is not `#rgb`, `#rrggbb` or `#rrggbbaa`.
        public static let invalidColor = Code(.invalidColor)
        /// No theme file with that id.
        public static let unknownTheme = Code(.unknownTheme)
        /// A theme file that does not parse.
        public static let invalidTheme = Code(.invalidTheme)
        /// A format other than png, svg or pdf.
        public static let unknownFormat = Code(.unknownFormat)
        /// A paper size name that is not a preset.
        public static let unknownPaperSize = Code(.unknownPaperSize)
        /// A text mode other than all, title or none.
        public static let invalidText = Code(.invalidText)
        /// A fade other than both, top, bottom or none.
        public static let invalidFade = Code(.invalidFade)
        /// A road line scale out of range.
        public static let invalidLineScale = Code(.invalidLineScale)
        /// A marker that does not parse, lies off the globe, has too long a label, or one marker too many.
        public static let invalidMarker = Code(.invalidMarker)
        /// A rotation that is not a finite number of degrees.
        public static let invalidRotation = Code(.invalidRotation)
        /// A route with a point off the globe, or too many points.
        public static let invalidRoute = Code(.invalidRoute)
        /// Cairo reported an error while drawing or writing.
        public static let cairo = Code(.cairo)
        /// The deflate compressor reported an error while compressing a PNG.
        public static let encoding = Code(.encoding)

        public var description: String { base.rawValue }
    }

    /// What went wrong.
    public var code: Code
    /// A sentence for the user, naming the option and what is accepted.
    public var message: String
    /// The error that caused this one, if any.
    public var underlying: (any Error & Sendable)?
    /// Where the error was thrown.
    public var file: String
    /// Where the error was thrown.
    public var line: Int

    public init(
        _ code: Code,
        _ message: String,
        underlying: (any Error & Sendable)? = nil,
        file: String = #fileID,
        line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.underlying = underlying
        self.file = file
        self.line = line
    }

    public var description: String { message }

    public var debugDescription: String {
        var text = "RenderError(\(code)): \(message) [\(file):\(line)]"
        if let underlying { text += " underlying: \(String(reflecting: underlying))" }
        return text
    }
}
