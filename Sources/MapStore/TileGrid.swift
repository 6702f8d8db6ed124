import Foundation
import MapFeatures

/// One tile of the store's grid: column `x` from 180° W, row `y` from 90° S.
struct TileIndex: Sendable, Hashable, Comparable {
    var x: Int32
    var y: Int32

    /// The tile's object key inside the store, e.g. `tiles/2049/1502.tile`.
    var key: String { "tiles/\(x)/\(y).tile" }

    static func < (lhs: TileIndex, rhs: TileIndex) -> Bool { (lhs.x, lhs.y) < (rhs.x, rhs.y) }
}

/// The store's fixed grid of square tiles, ``size`` degrees of latitude and longitude each.
///
/// Import and read compute tile numbers with the same function on the same `Double`s, so a node
/// always falls in the same tile on both sides.
struct TileGrid: Sendable, Hashable {
    /// The side of a tile in degrees.
    let size: Double

    private var columns: Int32 { Int32((360 / size).rounded(.up)) }
    private var rows: Int32 { Int32((180 / size).rounded(.up)) }

    /// The tile holding `point` (points on the world's edge go to the last tile).
    func tile(_ point: GeoPoint) -> TileIndex {
        TileIndex(x: column(point.longitude), y: row(point.latitude))
    }

    /// Every tile that overlaps `box`, west to east, then south to north.
    func tiles(covering box: GeoBoundingBox) -> [TileIndex] {
        let xs = column(box.west)...column(box.east)
        let ys = row(box.south)...row(box.north)
        return ys.flatMap { y in xs.map { x in TileIndex(x: x, y: y) } }
    }

    private func column(_ longitude: Double) -> Int32 {
        Int32(clamping: Int(((longitude + 180) / size).rounded(.down))).clamped(to: 0...columns - 1)
    }

    private func row(_ latitude: Double) -> Int32 {
        Int32(clamping: Int(((latitude + 90) / size).rounded(.down))).clamped(to: 0...rows - 1)
    }
}

extension Comparable {
    fileprivate func clamped(to range: ClosedRange<Self>) -> Self { min(max(self, range.lowerBound), range.upperBound) }
}
