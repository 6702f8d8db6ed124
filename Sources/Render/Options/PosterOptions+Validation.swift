import MapFeatures

extension PosterOptions {
    /// Smallest and largest page side, in inches (A0's long side is 46.8 in).
    public static let sizeRange: ClosedRange<Double> = 1...60
    /// Accepted resolutions.
    public static let dpiRange: ClosedRange<Int> = 10...1200
    /// Accepted distances in metres (the web UI offers up to 100 km).
    public static let distanceRange: ClosedRange<Double> = 1...200_000
    /// Largest PNG, in pixels (150 million is 600 MB of canvas).
    public static let maximumPixels = 150_000_000

    /// The PNG's size: exactly `round(width·dpi) × round(height·dpi)` pixels.
    public var pixelSize: (width: Int, height: Int) {
        (Int((width * Double(dpi)).rounded()), Int((height * Double(dpi)).rounded()))
    }

    /// Checks every option and throws the first problem found, as a sentence naming the option.
    ///
    /// - Throws: ``RenderError`` with code `invalidSize`, `invalidDPI`, `invalidMargins`, `invalidDistance`
    ///   or `invalidCenter`.
    public func validate() throws {
        for (name, value) in [("width", width), ("height", height)] where !(value.isFinite && Self.sizeRange ~= value) {
            throw RenderError(
                .invalidSize,
                "Invalid \(name) \(value) in: must be between \(Self.sizeRange.lowerBound) and \(Self.sizeRange.upperBound) inches."
            )
        }
        guard Self.dpiRange ~= dpi else {
            throw RenderError(
                .invalidDPI,
                "Invalid dpi \(dpi): must be between \(Self.dpiRange.lowerBound) and \(Self.dpiRange.upperBound)."
            )
        }
        if format == .png {
            let (pixelWidth, pixelHeight) = pixelSize
            guard pixelWidth * pixelHeight <= Self.maximumPixels else {
                throw RenderError(
                    .invalidSize,
                    "Poster too large: \(pixelWidth)×\(pixelHeight) px is over \(Self.maximumPixels / 1_000_000) million pixels; lower the dpi or the size."
                )
            }
        }
        guard margins.isFinite, margins >= 0 else {
            throw RenderError(.invalidMargins, "Invalid margins \(margins) in: must be 0 or more.")
        }
        guard distance.isFinite, Self.distanceRange ~= distance else {
            throw RenderError(
                .invalidDistance,
                "Invalid distance \(distance) m: must be between \(Int(Self.distanceRange.lowerBound)) and \(Int(Self.distanceRange.upperBound)) metres."
            )
        }
        guard (-90...90).contains(center.latitude), (-180...180).contains(center.longitude) else {
            throw RenderError(
                .invalidCenter,
                "Invalid centre \(center.latitude), \(center.longitude): latitude must be within ±90 and longitude within ±180."
            )
        }
    }
}
