import MapFeatures

/// Builds sea polygons from `natural=coastline` ways clipped to a box.
///
/// OSM draws coastline with the land on the left and the water on the right. Each coastline chain
/// is clipped to the box; every piece enters and leaves through the border (pieces that stop
/// inside, where an extract was clipped, are extended to the nearest border point). A sea polygon
/// follows a piece, then the border clockwise (water on the right) to the next piece's entry, and so
/// on until it closes. Closed coastline rings inside the box are islands (counter-clockwise) and
/// become holes, or enclosed water (clockwise). With islands but no crossing pieces, the whole box
/// is sea.
struct CoastlineAssembler {
    let box: GeoBoundingBox

    /// A coastline piece inside the box, from one border point to another.
    private struct Piece {
        var points: [GeoPoint]
        var entry: Double
        var exit: Double
    }

    /// Sea areas for the coastline `ways`.
    func sea(ways: [PositionedWay]) -> (areas: [Area], warnings: [String]) {
        guard box.north > box.south, box.east > box.west, !ways.isEmpty else { return ([], []) }
        var pieces: [Piece] = []
        var islands: [[GeoPoint]] = []
        var enclosedWater: [[GeoPoint]] = []
        for chain in Self.chains(ways) {
            let runs = PositionedWay.runs(chain.points)
            if chain.firstNodeID == chain.lastNodeID, runs.count == 1, let ring = runs.first, ring.count >= 4,
                ring.allSatisfy(box.contains)
            {
                if PlanarGeometry.signedArea(ring) > 0 { islands.append(ring) } else { enclosedWater.append(ring) }
                continue
            }
            for run in runs where run.count >= 2 { pieces += clip(run) }
        }
        var seas: [[GeoPoint]] = enclosedWater
        if pieces.isEmpty {
            if !islands.isEmpty { seas.append(corners(from: 0, to: perimeter, includingStart: true)) }
        } else {
            seas += walk(pieces)
        }
        var areas = seas.map { Area(outer: $0) }
        var warnings: [String] = []
        for island in islands {
            if let index = areas.firstIndex(where: { PlanarGeometry.contains($0.outer, island[0]) }) {
                areas[index].holes.append(island)
            } else {
                warnings.append(
                    "coastline island at \(island[0].latitude), \(island[0].longitude) lies in no sea polygon")
            }
        }
        return (areas, warnings)
    }

    /// Joins coastline ways head to tail (their direction is meaningful, so no reversing); a chain takes the first
    /// way's id and tags.
    static func chains(_ ways: [PositionedWay]) -> [PositionedWay] {
        var byStart: [Int64: Int] = [:]
        var hasPredecessor = Set<Int>()
        for (index, way) in ways.enumerated() where way.points.count >= 2 { byStart[way.firstNodeID] = index }
        for way in ways where way.points.count >= 2 {
            if let next = byStart[way.lastNodeID], ways[next].firstNodeID != way.firstNodeID {
                hasPredecessor.insert(next)
            }
        }
        var used = Set<Int>()
        var chains: [PositionedWay] = []
        let order =
            ways.indices.filter { !hasPredecessor.contains($0) } + ways.indices.filter { hasPredecessor.contains($0) }
        for start in order where !used.contains(start) && ways[start].points.count >= 2 {
            used.insert(start)
            var chain = ways[start]
            while chain.firstNodeID != chain.lastNodeID, let next = byStart[chain.lastNodeID], !used.contains(next) {
                used.insert(next)
                chain.points += ways[next].points.dropFirst()
                chain.lastNodeID = ways[next].lastNodeID
            }
            chains.append(chain)
        }
        return chains
    }

    // MARK: - Border parameterisation (clockwise from the north-west corner)

    private var width: Double { box.east - box.west }
    private var height: Double { box.north - box.south }
    private var perimeter: Double { 2 * (width + height) }

    /// Position along the border, clockwise from the north-west corner, of a border point.
    private func borderPosition(_ point: GeoPoint) -> Double {
        let distances = [
            (abs(point.latitude - box.north), point.longitude - box.west),
            (abs(point.longitude - box.east), width + (box.north - point.latitude)),
            (abs(point.latitude - box.south), width + height + (box.east - point.longitude)),
            (abs(point.longitude - box.west), 2 * width + height + (point.latitude - box.south)),
        ]
        return distances.min { $0.0 < $1.0 }!.1
    }

    /// The border point nearest to an inside point.
    private func snap(_ point: GeoPoint) -> GeoPoint {
        let options = [
            (box.north - point.latitude, GeoPoint(latitude: box.north, longitude: point.longitude)),
            (box.east - point.longitude, GeoPoint(latitude: point.latitude, longitude: box.east)),
            (point.latitude - box.south, GeoPoint(latitude: box.south, longitude: point.longitude)),
            (point.longitude - box.west, GeoPoint(latitude: point.latitude, longitude: box.west)),
        ]
        return options.min { $0.0 < $1.0 }!.1
    }

    /// The corners passed going clockwise from border position `start` to `end`.
    private func corners(from start: Double, to end: Double, includingStart: Bool = false) -> [GeoPoint] {
        let cornerPoints = [
            (0.0, GeoPoint(latitude: box.north, longitude: box.west)),
            (width, GeoPoint(latitude: box.north, longitude: box.east)),
            (width + height, GeoPoint(latitude: box.south, longitude: box.east)),
            (2 * width + height, GeoPoint(latitude: box.south, longitude: box.west)),
        ]
        let span = ((end - start).truncatingRemainder(dividingBy: perimeter) + perimeter)
            .truncatingRemainder(dividingBy: perimeter)
        let total = includingStart && span == 0 ? perimeter : span
        var result: [(Double, GeoPoint)] = []
        for (position, corner) in cornerPoints {
            let offset = ((position - start).truncatingRemainder(dividingBy: perimeter) + perimeter)
                .truncatingRemainder(dividingBy: perimeter)
            if (offset > 0 || includingStart) && offset < total { result.append((offset, corner)) }
        }
        return result.sorted { $0.0 < $1.0 }.map(\.1)
    }

    // MARK: - Clipping

    /// The parts of `run` inside the box, each starting and ending on the border.
    private func clip(_ run: [GeoPoint]) -> [Piece] {
        var pieces: [Piece] = []
        var current: [GeoPoint] = []
        func finish() {
            guard current.count >= 2 else {
                current = []
                return
            }
            if !onBorder(current[0]) { current.insert(snap(current[0]), at: 0) }
            if !onBorder(current[current.count - 1]) { current.append(snap(current[current.count - 1])) }
            pieces.append(
                Piece(
                    points: current, entry: borderPosition(current[0]), exit: borderPosition(current[current.count - 1])
                ))
            current = []
        }
        for index in 1..<run.count {
            let a = run[index - 1]
            let b = run[index]
            guard let (t0, t1) = clipSegment(a, b) else {
                finish()
                continue
            }
            let start = interpolate(a, b, t0)
            if current.isEmpty { current.append(start) }
            current.append(interpolate(a, b, t1))
            if t1 < 1 { finish() }
        }
        finish()
        return pieces
    }

    private func onBorder(_ point: GeoPoint) -> Bool {
        let epsilon = 1e-12
        return abs(point.latitude - box.north) < epsilon || abs(point.latitude - box.south) < epsilon
            || abs(point.longitude - box.east) < epsilon || abs(point.longitude - box.west) < epsilon
    }

    private func interpolate(_ a: GeoPoint, _ b: GeoPoint, _ t: Double) -> GeoPoint {
        if t == 0 { return a }
        if t == 1 { return b }
        return GeoPoint(
            latitude: a.latitude + (b.latitude - a.latitude) * t,
            longitude: a.longitude + (b.longitude - a.longitude) * t)
    }

    /// Liang–Barsky: the parameter range of segment `a`→`b` inside the box, or `nil`.
    private func clipSegment(_ a: GeoPoint, _ b: GeoPoint) -> (Double, Double)? {
        let dx = b.longitude - a.longitude
        let dy = b.latitude - a.latitude
        var t0 = 0.0
        var t1 = 1.0
        let checks = [
            (-dx, a.longitude - box.west), (dx, box.east - a.longitude),
            (-dy, a.latitude - box.south), (dy, box.north - a.latitude),
        ]
        for (p, q) in checks {
            if p == 0 {
                if q < 0 { return nil }
            } else {
                let r = q / p
                if p < 0 {
                    if r > t1 { return nil }
                    t0 = max(t0, r)
                } else {
                    if r < t0 { return nil }
                    t1 = min(t1, r)
                }
            }
        }
        return t0 <= t1 ? (t0, t1) : nil
    }

    // MARK: - Walking the border

    /// Closes pieces into sea rings: after each piece, go clockwise along the border to the nearest entry.
    private func walk(_ pieces: [Piece]) -> [[GeoPoint]] {
        var remaining = Set(pieces.indices)
        var rings: [[GeoPoint]] = []
        while let start = remaining.min() {
            remaining.remove(start)
            var ring = pieces[start].points
            var exit = pieces[start].exit
            var guardCount = 0
            while guardCount <= pieces.count {
                guardCount += 1
                let next = nearestEntry(clockwiseFrom: exit, start: start, remaining: remaining, pieces: pieces)
                ring += corners(from: exit, to: pieces[next].entry)
                if next == start { break }
                remaining.remove(next)
                ring += pieces[next].points
                exit = pieces[next].exit
            }
            if ring.count >= 3 { rings.append(ring) }
        }
        return rings
    }

    /// The piece whose entry comes first going clockwise from `exit`: the ring's own `start` (which closes it) or one of
    /// `remaining`. Ties go to `start`, then to the lowest index, so the rings do not depend on the set's order.
    private func nearestEntry(clockwiseFrom exit: Double, start: Int, remaining: Set<Int>, pieces: [Piece]) -> Int {
        var next = start
        var nearest = clockwise(exit, pieces[start].entry)
        for index in remaining {
            let distance = clockwise(exit, pieces[index].entry)
            if distance < nearest || (distance == nearest && next != start && index < next) {
                next = index
                nearest = distance
            }
        }
        return next
    }

    private func clockwise(_ from: Double, _ to: Double) -> Double {
        ((to - from).truncatingRemainder(dividingBy: perimeter) + perimeter).truncatingRemainder(dividingBy: perimeter)
    }
}
