import BlockingWork
package import MapFeatures

/// Turns raw OSM elements into the poster's features: the Python original's filters, restricted to the box.
///
/// - Roads: ways matching ``RoadFilter`` with any segment touching the box; a way is kept whole
///   (OSMnx's `truncate_by_edge`), split where nodes are missing.
/// - Water, parks, green space (when asked for), layer areas: closed ways and `type=multipolygon` relations (rings joined from
///   member ways, holes put in the outer ring that contains them); only polygons, as the original
///   draws only `Polygon`/`MultiPolygon` rows.
/// - Layer lines: open ways, and closed ways that are not areas (e.g. a `highway=cycleway` loop).
/// - Sea: from `natural=coastline`, clipped to the box (see ``CoastlineAssembler``).
public struct FeatureSelector: Sendable {
    public let request: MapDataRequest

    /// The box roads, areas and layer features must touch: see ``touches(_:)``.
    private let featureBox: GeoBoundingBox

    public init(request: MapDataRequest) {
        self.request = request
        featureBox = request.drawnBox?.clamped(to: request.boundingBox) ?? request.boundingBox
    }

    /// Whether a way may be needed: it matches some filter of the request.
    public func wantsWay(_ tags: [String: String]) -> Bool {
        guard !tags.isEmpty else { return false }
        return RoadFilter.matches(tags) || TagFilter.water.matches(tags) || TagFilter.parks.matches(tags)
            || isGreenSpace(tags) || (request.includeSea && TagFilter.coastline.matches(tags))
            || request.layers.contains { $0.filter.matches(tags) }
    }

    /// What selection can make of a way, by its tags alone.
    package enum WayUse: Sendable {
        /// Nothing: no filter of the request matches it.
        case none
        /// Roads, areas or layer features, kept only when they touch the box features must touch (the drawn box when
        /// known): ``mayKeep(_:pointsWithin:)``.
        case nearTheDrawing
        /// A coastline: the sea is built from the coastlines of the whole box, wherever they lie.
        case anywhere
    }

    /// What selection can make of a way with `tags` (a decoder can ask once per distinct tag set).
    package func use(of tags: [String: String]) -> WayUse {
        if request.includeSea && TagFilter.coastline.matches(tags) { return .anywhere }
        return wantsWay(tags) ? .nearTheDrawing : .none
    }

    /// Whether selection could keep anything of a way whose tags give `use` and whose present points lie within
    /// `bounds` (`nil`: it has none): a run or ring whose bounds miss the box touches nothing (see ``touches(_:)``).
    package func mayKeep(_ use: WayUse, pointsWithin bounds: GeoBoundingBox?) -> Bool {
        switch use {
        case .none: false
        case .anywhere: true
        case .nearTheDrawing: bounds?.intersects(featureBox) ?? false
        }
    }

    /// Whether a relation may be needed: a multipolygon with area tags the request wants.
    public func wantsRelation(_ tags: [String: String]) -> Bool {
        guard tags["type"] == "multipolygon" else { return false }
        return TagFilter.water.matches(tags) || TagFilter.parks.matches(tags) || isGreenSpace(tags)
            || request.layers.contains { $0.filter.matches(tags) }
    }

    /// Selects and assembles everything the request asks for from `dataSet`: its ways (but those in
    /// ``OSMDataSet/memberOnlyWays``) and its multipolygons.
    public func select(from dataSet: OSMDataSet) -> MapDataResult {
        let ways = dataSet.ways.values.filter { !dataSet.memberOnlyWays.contains($0.id) }.sorted { $0.id < $1.id }
        return select(
            ways: ways.map(dataSet.positioned), multipolygons: multipolygons(in: dataSet), extent: dataSet.extent)
    }

    /// The multipolygons of `dataSet` the request may need, assembled, in id order.
    private func multipolygons(in dataSet: OSMDataSet) -> [Multipolygon] {
        dataSet.relations.values.filter { wantsRelation($0.tags) }.sorted { $0.id < $1.id }.map {
            Self.assemble($0, in: dataSet)
        }
    }

    /// Selects everything the request asks for from ways and assembled multipolygons.
    ///
    /// - Parameters:
    ///   - ways: the candidate ways in id order; those that no filter of the request matches are skipped.
    ///   - multipolygons: assembled relations in id order; those the request does not want are skipped.
    ///   - extent: the area the data covers, when smaller than the world: sea polygons are clipped to it.
    package func select(
        ways: [PositionedWay], multipolygons: [Multipolygon], extent: GeoBoundingBox?
    ) -> MapDataResult {
        var data = MapData()
        var warnings: [String] = []
        var layers = request.layers.map { FeatureLayer(label: $0.label, color: $0.color, width: $0.width) }
        var coastline: [PositionedWay] = []
        let box = request.boundingBox

        // Ways are selected in chunks on all cores; the chunks' features are joined in way order.
        let parts = ways.chunks(ofAtLeast: Self.waysPerChunk).concurrentMap(selectWays)
        data.roads.reserveCapacity(parts.reduce(0) { $0 + $1.roads.count })
        for part in parts {
            data.roads += part.roads
            data.water += part.water
            data.parks += part.parks
            data.greenSpace += part.greenSpace
            for index in layers.indices {
                layers[index].lines += part.layerLines[index]
                layers[index].areas += part.layerAreas[index]
            }
            coastline += part.coastline
        }

        for multipolygon in multipolygons where wantsRelation(multipolygon.tags) {
            warnings += multipolygon.warnings
            let touching = multipolygon.areas.filter { touches($0.outer) }
            if touching.isEmpty { continue }
            let tags = multipolygon.tags
            if TagFilter.water.matches(tags) { data.water += touching }
            if TagFilter.parks.matches(tags) {
                data.parks += touching
            } else if isGreenSpace(tags) {
                data.greenSpace += touching
            }
            for index in request.layers.indices where request.layers[index].filter.matches(tags) {
                layers[index].areas += touching
            }
        }

        if !coastline.isEmpty {
            let clipBox = extent.map(box.clamped(to:)) ?? box
            let (sea, problems) = CoastlineAssembler(box: clipBox).sea(ways: coastline)
            data.water += sea
            warnings += problems
        }
        data.layers = layers
        return MapDataResult(mapData: data, warnings: warnings)
    }

    /// Ways selected on one thread before selection is spread over the cores.
    private static let waysPerChunk = 20_000

    /// What ways give: their features in way order, and the coastline ways.
    private struct WaySelection {
        var roads: [Road] = []
        var water: [Area] = []
        var parks: [Area] = []
        var greenSpace: [Area] = []
        var layerLines: [[[GeoPoint]]]
        var layerAreas: [[Area]]
        var coastline: [PositionedWay] = []
    }

    /// Selects the features of `ways`.
    private func selectWays(_ ways: ArraySlice<PositionedWay>) -> WaySelection {
        var selection = WaySelection(
            layerLines: Array(repeating: [], count: request.layers.count),
            layerAreas: Array(repeating: [], count: request.layers.count))
        for way in ways {
            let tags = way.tags
            if tags.isEmpty { continue }
            if RoadFilter.matches(tags), let highway = tags["highway"] {
                for run in way.runs where run.count >= 2 && touches(run) {
                    selection.roads.append(Road(highway: highway, points: run))
                }
            }
            if request.includeSea, TagFilter.coastline.matches(tags) { selection.coastline.append(way) }
            let isWater = TagFilter.water.matches(tags)
            let isPark = TagFilter.parks.matches(tags)
            let isGreen = !isPark && isGreenSpace(tags)
            let layerIndices = request.layers.indices.filter { request.layers[$0].filter.matches(tags) }
            if !isWater && !isPark && !isGreen && layerIndices.isEmpty { continue }
            if way.isClosed && Self.isArea(tags) {
                let ring = way.presentPoints
                guard ring.count >= 3, touches(ring) else { continue }
                let area = Area(outer: ring)
                if isWater { selection.water.append(area) }
                if isPark { selection.parks.append(area) }
                if isGreen { selection.greenSpace.append(area) }
                for index in layerIndices { selection.layerAreas[index].append(area) }
            } else {
                for index in layerIndices {
                    for run in way.runs where run.count >= 2 && touches(run) {
                        selection.layerLines[index].append(run)
                    }
                }
            }
        }
        return selection
    }

    /// Whether `tags` are green space the request asks for (and not already a park).
    private func isGreenSpace(_ tags: [String: String]) -> Bool {
        request.includeGreenSpace && TagFilter.greenSpace.matches(tags)
    }

    /// Assembles a multipolygon relation from the member ways and nodes `dataSet` holds (any request's selector
    /// assembles a relation the same way).
    package static func assemble(_ relation: OSMRelation, in dataSet: OSMDataSet) -> Multipolygon {
        var outerWays: [[Int64]] = []
        var innerWays: [[Int64]] = []
        var missing = 0
        for member in relation.members where member.kind == .way {
            guard let way = dataSet.ways[member.id] else {
                missing += 1
                continue
            }
            if member.role == "inner" { innerWays.append(way.nodeIDs) } else { outerWays.append(way.nodeIDs) }
        }
        var warnings: [String] = []
        let outer = RingAssembler.rings(from: outerWays)
        let inner = RingAssembler.rings(from: innerWays)
        if outer.broken + inner.broken > 0 {
            let detail = missing > 0 ? " (\(missing) member ways missing)" : ""
            warnings.append(
                "relation \(relation.id): \(outer.broken + inner.broken) broken ring(s) skipped\(detail)"
            )
        }
        var areas = outer.rings.map { dataSet.points($0) }.filter { $0.count >= 3 }.map { Area(outer: $0) }
        let sizes = areas.map { abs(PlanarGeometry.signedArea($0.outer)) }
        for ring in inner.rings.map({ dataSet.points($0) }) where ring.count >= 3 {
            let containing = areas.indices.filter { PlanarGeometry.contains(areas[$0].outer, ring[0]) }
            guard let best = containing.min(by: { sizes[$0] < sizes[$1] }) else {
                warnings.append("relation \(relation.id): inner ring outside every outer ring skipped")
                continue
            }
            areas[best].holes.append(ring)
        }
        return Multipolygon(id: relation.id, tags: relation.tags, areas: areas, warnings: warnings)
    }

    /// Keys whose presence makes a closed way an area (``isArea(_:)``).
    private static let areaKeys = ["natural", "landuse", "leisure", "amenity", "building", "water", "place"]

    /// Every tag key selection reads besides those of the request's filters: an element's tags cut down to
    /// these and the filters' keys select exactly as the whole tags do.
    package static let selectionKeys = Set(areaKeys + ["area", "highway", "type", "waterway"])

    /// Whether a closed way with `tags` is a polygon rather than a loop of line (OSMnx's rules, simplified).
    static func isArea(_ tags: [String: String]) -> Bool {
        if let area = tags["area"] { return area != "no" }
        if tags["natural"] == "tree_row" || tags["natural"] == "coastline" { return false }
        for key in areaKeys where tags[key] != nil { return true }
        if tags["waterway"] == "riverbank" { return true }
        return false
    }

    /// Whether any part of `points` falls in the box that features must touch: the drawn part of the request's box
    /// when known (``MapDataRequest/drawnBox``, never beyond the box), else the box. A segment's bounds overlapping counts.
    private func touches(_ points: [GeoPoint]) -> Bool {
        let box = featureBox
        var previous = points[0]
        if box.contains(previous) { return true }
        // Far from the box (most ways beyond a drawn box): no segment reaches it, and no ring holds its corner.
        if let bounds = GeoBoundingBox(enclosing: points), !bounds.intersects(box) { return false }
        for point in points.dropFirst() {
            if box.contains(point) { return true }
            let segment = GeoBoundingBox(
                south: min(previous.latitude, point.latitude),
                west: min(previous.longitude, point.longitude),
                north: max(previous.latitude, point.latitude),
                east: max(previous.longitude, point.longitude)
            )
            if segment.intersects(box) { return true }
            previous = point
        }
        // A polygon may contain the whole box without any vertex or edge near it.
        if points.count >= 3, PlanarGeometry.contains(points, GeoPoint(latitude: box.south, longitude: box.west)) {
            return true
        }
        return false
    }
}
