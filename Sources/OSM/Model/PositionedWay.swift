package import MapFeatures

/// A way with its nodes' positions looked up: everything selection reads of a way.
///
/// The extract and Overpass readers make one from an ``OSMWay`` and an ``OSMDataSet``; a map data store keeps ways in
/// this form, so that reading one costs no node lookups.
package struct PositionedWay: Sendable, Hashable {
    package var id: Int64
    package var tags: [String: String]
    /// The first and last node ids: closed ways and coastline joins are found by them.
    package var firstNodeID: Int64
    package var lastNodeID: Int64
    /// The positions of the way's nodes, `nil` where the data lacks the node (a clipped extract).
    package var points: [GeoPoint?]

    package init(id: Int64, tags: [String: String], firstNodeID: Int64, lastNodeID: Int64, points: [GeoPoint?]) {
        self.id = id
        self.tags = tags
        self.firstNodeID = firstNodeID
        self.lastNodeID = lastNodeID
        self.points = points
    }

    /// `way` with the positions `position` gives its node ids.
    package init(_ way: OSMWay, position: (Int64) -> GeoPoint?) {
        self.init(
            id: way.id, tags: way.tags, firstNodeID: way.nodeIDs.first ?? 0, lastNodeID: way.nodeIDs.last ?? 0,
            points: way.nodeIDs.map(position))
    }

    /// Whether the way ends where it starts (and has at least a triangle's worth of nodes), as ``OSMWay/isClosed``.
    package var isClosed: Bool { points.count >= 4 && firstNodeID == lastNodeID }

    /// The positions split into runs wherever a node is missing.
    package var runs: [[GeoPoint]] { Self.runs(points) }

    /// The positions that are present, missing ones dropped (rings of clipped extracts).
    package var presentPoints: [GeoPoint] { points.compactMap { $0 } }

    /// Whether any present node lies in `box` (the extract reader's test for "near the poster").
    package func hasNode(in box: GeoBoundingBox) -> Bool { Self.hasNode(points, in: box) }

    /// ``hasNode(in:)`` for positions not yet made into a way (a tile decoder's).
    package static func hasNode(_ points: [GeoPoint?], in box: GeoBoundingBox) -> Bool {
        points.contains { $0.map(box.contains) ?? false }
    }

    /// `points` split into runs wherever one is missing.
    static func runs(_ points: [GeoPoint?]) -> [[GeoPoint]] {
        // Most ways have all their nodes: one run, made in one allocation.
        if !points.contains(nil) { return points.isEmpty ? [] : [points.map { $0! }] }
        var runs: [[GeoPoint]] = []
        var current: [GeoPoint] = []
        for point in points {
            if let point {
                current.append(point)
            } else if !current.isEmpty {
                runs.append(current)
                current = []
            }
        }
        if !current.isEmpty { runs.append(current) }
        return runs
    }
}

/// A multipolygon relation assembled into areas: outer rings with the inner rings they contain.
package struct Multipolygon: Sendable, Hashable {
    package var id: Int64
    package var tags: [String: String]
    package var areas: [Area]
    /// Broken rings and holes outside every outer ring, skipped.
    package var warnings: [String]

    package init(id: Int64, tags: [String: String], areas: [Area], warnings: [String]) {
        self.id = id
        self.tags = tags
        self.areas = areas
        self.warnings = warnings
    }
}
