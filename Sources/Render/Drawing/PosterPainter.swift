import CCairo
import MapFeatures
import PosterDesign

/// Draws a poster's layers with one Cairo context: background, water, parks, roads, extra layers, fades, then the
/// overlays (route, markers, frame, north arrow, see `PosterPainter+Overlays.swift`) and the text.
///
/// The order is the Python CLI's (parks under roads, issue #39), with each road stroked once and the classes
/// drawn minor first so that major roads lie on top. A painter only reads its inputs, so several painters
/// (one per raster band, each with its own context) can draw the same ``PosterGeometry`` at once.
struct PosterPainter {
    /// The `cairo_t *` this painter draws with, in page points.
    let context: OpaquePointer
    let layout: PosterLayout
    let theme: Theme
    /// The options beyond the theme: line scale, fades, markers, frame, text mode.
    let options: PosterOptions

    init(context: OpaquePointer, layout: PosterLayout, options: PosterOptions) {
        self.context = context
        self.layout = layout
        self.theme = options.effectiveTheme
        self.options = options
    }

    /// Road widths in points, the Python original's, constant at every poster size (as the web fork draws them).
    static let roadWidths: [RoadClass: Double] = [
        .motorway: 1.2, .primary: 1.0, .secondary: 0.8, .tertiary: 0.6, .residential: 0.4, .default: 0.4,
    ]
    /// The opacity of extra layers.
    static let layerAlpha = 0.9
    /// The share of the map's height each fade covers.
    static let fadeFraction = 0.25

    /// Draws everything except the text, clipped to the map box (the margins stay background).
    func paintMap(_ geometry: PosterGeometry) {
        setColor(theme.background)
        cairo_paint(context)
        cairo_save(context)
        cairo_rectangle(context, layout.boxX, layout.boxY, layout.boxWidth, layout.boxHeight)
        cairo_clip(context)
        // The rows this context can reach (a band's, or the whole box): lines elsewhere are skipped.
        var left = 0.0
        var top = 0.0
        var right = 0.0
        var bottom = 0.0
        cairo_clip_extents(context, &left, &top, &right, &bottom)
        let rows = (top: top, bottom: bottom)
        fill(geometry.water, color: theme.water, rows: rows)
        fill(geometry.greenSpace, color: theme.greenSpace, rows: rows)
        fill(geometry.parks, color: theme.parks, rows: rows)
        for (roadClass, lines) in geometry.roads {
            setColor(theme.color(for: roadClass))
            setLineWidth(Self.roadWidths[roadClass]! * options.lineScale)
            // One stroke per road: Cairo is faster with many short paths than one huge one.
            for line in lines where line.crosses(top: rows.top, bottom: rows.bottom, margin: 2) {
                addLine(line.points)
                cairo_stroke(context)
            }
        }
        for layer in geometry.layers {
            let color = layer.color ?? theme.text
            fill(layer.areas, color: color, alpha: Self.layerAlpha, rows: rows)
            setColor(color, alpha: Self.layerAlpha)
            setLineWidth(layer.width)
            for line in layer.lines where line.crosses(top: rows.top, bottom: rows.bottom, margin: layer.width) {
                addLine(line.points)
            }
            cairo_stroke(context)
        }
        paintFades()
        cairo_restore(context)
    }

    /// Sets the width of the lines to stroke, and their caps and joins: round, except on a PNG for lines under
    /// ``roundEndsMinimumPixels`` pixels, which get butt caps (as the Python original draws every road) and bevel
    /// joins: there round ends would differ by sub-pixel arcs, and cost Cairo about 15 % of a big poster's CPU time
    /// (3.55 against 3.05 CPU-s for `bench/store.sh`'s). PDF and SVG, drawn at any scale later, keep round ends.
    func setLineWidth(_ width: Double) {
        cairo_set_line_width(context, width)
        var x = width
        var y = 0.0
        cairo_user_to_device_distance(context, &x, &y)
        let thin = options.format == .png && (x * x + y * y).squareRoot() < Self.roundEndsMinimumPixels
        cairo_set_line_cap(context, thin ? CAIRO_LINE_CAP_BUTT : CAIRO_LINE_CAP_ROUND)
        cairo_set_line_join(context, thin ? CAIRO_LINE_JOIN_BEVEL : CAIRO_LINE_JOIN_ROUND)
    }

    /// The device width from which lines get round caps and joins.
    static let roundEndsMinimumPixels = 2.0

    /// Fills polygons with their holes (even-odd per polygon, so holes stay open and overlaps stay filled).
    func fill(
        _ polygons: [PosterGeometry.Polygon],
        color: RGBColor,
        alpha: Double = 1,
        rows: (top: Double, bottom: Double)
    ) {
        setColor(color, alpha: alpha)
        cairo_set_fill_rule(context, CAIRO_FILL_RULE_EVEN_ODD)
        for polygon in polygons where polygon[0].crosses(top: rows.top, bottom: rows.bottom, margin: 1) {
            for ring in polygon {
                addLine(ring.points)
                cairo_close_path(context)
            }
            cairo_fill(context)
        }
    }

    /// Appends a polyline to the current path.
    func addLine(_ points: [PosterGeometry.PagePoint]) {
        points.withUnsafeBufferPointer { points in
            guard let first = points.first else { return }
            cairo_move_to(context, first.x, first.y)
            for index in 1..<points.count { cairo_line_to(context, points[index].x, points[index].y) }
        }
    }

    /// The top and bottom 25 % of the map (those ``PosterOptions/fade`` names) fade linearly into the theme's
    /// gradient colour: a Cairo linear gradient, computed per pixel, so there is no 256-step banding.
    private func paintFades() {
        let color = theme.gradient
        let fadeHeight = layout.boxHeight * Self.fadeFraction
        let top = layout.boxY
        let bottom = layout.boxY + layout.boxHeight
        var edges: [(edge: Double, inner: Double)] = []
        if options.fade.fadesBottom { edges.append((bottom, bottom - fadeHeight)) }
        if options.fade.fadesTop { edges.append((top, top + fadeHeight)) }
        for (edge, inner) in edges {
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
