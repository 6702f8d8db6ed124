/// A polygon with holes: one outer ring and any number of inner rings.
///
/// Rings are closed implicitly (the last point need not repeat the first). Winding is not
/// significant: renderers fill with the even-odd rule.
public struct Area: Sendable, Hashable {
    public var outer: [GeoPoint]
    public var holes: [[GeoPoint]]

    public init(outer: [GeoPoint], holes: [[GeoPoint]] = []) {
        self.outer = outer
        self.holes = holes
    }
}
