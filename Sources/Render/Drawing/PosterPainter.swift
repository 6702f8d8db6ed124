import CCairo
import MapFeatures

/// Draws one poster onto a ``CairoCanvas``: background, water, parks, roads, extra layers, fades, text.
///
/// The order is the Python CLI's (parks under roads, issue #39), with each road stroked once and the classes
/// drawn minor first so that major roads lie on top.
struct PosterPainter {
    let canvas: CairoCanvas
    let layout: PosterLayout
    let theme: Theme
    let projection: TransverseMercator

    /// Road widths in points, the Python original's, constant at every poster size (as the web fork draws them).
    static let roadWidths: [RoadClass: Double] = [
        .motorway: 1.2, .primary: 1.0, .secondary: 0.8, .tertiary: 0.6, .residential: 0.4, .default: 0.4,
    ]
    /// The opacity of extra layers.
    static let layerAlpha = 0.9
    /// The share of the map's height each fade covers.
    static let fadeFraction = 0.25

    init(canvas: CairoCanvas, options: PosterOptions) {
        self.canvas = canvas
        self.layout = PosterLayout(options: options)
        self.theme = options.effectiveTheme
        self.projection = TransverseMercator(center: options.center)
    }

    private var context: OpaquePointer { canvas.context }

    /// Draws everything except the text.
    func paintMap(_ map: MapData) {
        setColor(theme.background)
        cairo_paint(context)
        cairo_save(context)
        cairo_rectangle(context, layout.boxX, layout.boxY, layout.boxWidth, layout.boxHeight)
        cairo_clip(context)
        fillAreas(map.water, color: theme.water)
        fillAreas(map.parks, color: theme.parks)
        paintRoads(map.roads)
        for layer in map.layers { paint(layer) }
        paintFades()
        cairo_restore(context)
    }

    // MARK: - Areas

    private func fillAreas(_ areas: [Area], color: RGBColor, alpha: Double = 1) {
        setColor(color, alpha: alpha)
        for area in areas { fill(area) }
    }

    /// Fills one polygon with its holes (even-odd, so the holes stay open).
    private func fill(_ area: Area) {
        cairo_set_fill_rule(context, CAIRO_FILL_RULE_EVEN_ODD)
        addRing(area.outer)
        for hole in area.holes { addRing(hole) }
        cairo_fill(context)
    }

    private func addRing(_ ring: [GeoPoint]) {
        guard ring.count >= 3 else { return }
        addLine(ring)
        cairo_close_path(context)
    }

    // MARK: - Lines

    private func paintRoads(_ roads: [Road]) {
        var byClass: [RoadClass: [Road]] = [:]
        for road in roads { byClass[road.roadClass, default: []].append(road) }
        cairo_set_line_join(context, CAIRO_LINE_JOIN_ROUND)
        cairo_set_line_cap(context, CAIRO_LINE_CAP_ROUND)
        for roadClass in RoadClass.allCases.sorted() {
            guard let roads = byClass[roadClass] else { continue }
            for road in roads { addLine(road.points) }
            setColor(theme.color(for: roadClass))
            cairo_set_line_width(context, Self.roadWidths[roadClass]!)
            cairo_stroke(context)
        }
    }

    private func paint(_ layer: FeatureLayer) {
        let color = (try? RGBColor(hex: layer.color)) ?? theme.text
        fillAreas(layer.areas, color: color, alpha: Self.layerAlpha)
        cairo_set_line_join(context, CAIRO_LINE_JOIN_ROUND)
        cairo_set_line_cap(context, CAIRO_LINE_CAP_ROUND)
        for line in layer.lines { addLine(line) }
        setColor(color, alpha: Self.layerAlpha)
        cairo_set_line_width(context, layer.width)
        cairo_stroke(context)
    }

    /// Appends a polyline to the current path, in page points.
    private func addLine(_ points: [GeoPoint]) {
        guard points.count >= 2 else { return }
        var first = true
        for point in points {
            let (x, y) = layout.pagePoint(projection.project(point))
            if first {
                cairo_move_to(context, x, y)
                first = false
            } else {
                cairo_line_to(context, x, y)
            }
        }
    }

    // MARK: - Fades

    /// The top and bottom 25 % of the map fade linearly into the theme's gradient colour.
    private func paintFades() {
        let color = theme.gradient
        let fadeHeight = layout.boxHeight * Self.fadeFraction
        let top = layout.boxY
        let bottom = layout.boxY + layout.boxHeight
        for (edge, inner) in [(bottom, bottom - fadeHeight), (top, top + fadeHeight)] {
            let gradient = cairo_pattern_create_linear(0, edge, 0, inner)
            cairo_pattern_add_color_stop_rgba(gradient, 0, color.red, color.green, color.blue, 1)
            cairo_pattern_add_color_stop_rgba(gradient, 1, color.red, color.green, color.blue, 0)
            cairo_set_source(context, gradient)
            cairo_rectangle(context, layout.boxX, min(edge, inner), layout.boxWidth, fadeHeight)
            cairo_fill(context)
            cairo_pattern_destroy(gradient)
        }
    }

    func setColor(_ color: RGBColor, alpha: Double = 1) {
        cairo_set_source_rgba(context, color.red, color.green, color.blue, color.alpha * alpha)
    }
}
