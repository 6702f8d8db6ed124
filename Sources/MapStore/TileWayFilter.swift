package import MapFeatures
package import OSM

/// Which ways a tile decode keeps; the others are skipped as they are read, never stored.
///
/// A way is kept when it has a node in ``near`` (what the extract reader gathers: ``StoreSource`` reads the same ways),
/// and, with a ``selector``, when that selector could keep something of it
/// (``OSM/FeatureSelector/mayKeep(_:pointsWithin:)``): the others it would drop anyway, so the result is the same.
package struct TileWayFilter: Sendable {
    /// The poster's box grown by the gathering margin.
    package var near: GeoBoundingBox
    /// The selection the ways are read for; `nil` keeps every way near the box.
    package var selector: FeatureSelector?

    package init(near: GeoBoundingBox, selector: FeatureSelector? = nil) {
        self.near = near
        self.selector = selector
    }

    /// Whether to keep a way with these positions, whose tag set gives `use` (`nil` without a selector).
    package func keeps(_ points: [GeoPoint?], use: FeatureSelector.WayUse?) -> Bool {
        if use == FeatureSelector.WayUse.none { return false }
        guard PositionedWay.hasNode(points, in: near) else { return false }
        guard let selector, let use else { return true }
        return selector.mayKeep(use, pointsWithin: GeoBoundingBox(enclosing: points.lazy.compactMap { $0 }))
    }
}
