import CCairo

extension PosterPainter {
    /// How a text line hangs on its anchor point.
    enum TextAnchor {
        /// Centred horizontally, the anchor on the baseline (matplotlib's `ha="center"`).
        case centerBaseline
        /// Right-aligned, the anchor at the bottom of the line box (`ha="right", va="bottom"`).
        case rightBottom
    }

    /// A font request; Pango falls back to other installed fonts (Noto CJK, Noto Arabic, …) for missing glyphs.
    struct FontSpec {
        var family = "Roboto"
        var weight: PangoWeight
        var size: Double

        static func bold(_ size: Double) -> FontSpec { FontSpec(weight: PANGO_WEIGHT_BOLD, size: size) }
        static func light(_ size: Double) -> FontSpec { FontSpec(weight: PANGO_WEIGHT_LIGHT, size: size) }
        static func regular(_ size: Double) -> FontSpec { FontSpec(weight: PANGO_WEIGHT_NORMAL, size: size) }
    }

    /// Draws the title, divider, country, coordinates and attribution, positioned as the original does
    /// (fractions of the map box from its bottom-left).
    ///
    /// - Returns: how many glyphs no installed font could draw (0 means no missing-glyph boxes).
    @discardableResult
    func paintText(_ text: PosterText) -> Int {
        var unknownGlyphs = 0
        if !text.title.isEmpty {
            let (x, y) = layout.boxPoint(x: 0.5, y: 0.14)
            unknownGlyphs += draw(text.title, font: .bold(text.titleSize), x: x, y: y, anchor: .centerBaseline)
        }
        let (left, dividerY) = layout.boxPoint(x: 0.4, y: 0.125)
        let (right, _) = layout.boxPoint(x: 0.6, y: 0.125)
        setColor(theme.text)
        cairo_set_line_cap(context, CAIRO_LINE_CAP_SQUARE)
        cairo_set_line_width(context, text.dividerWidth)
        cairo_move_to(context, left, dividerY)
        cairo_line_to(context, right, dividerY)
        cairo_stroke(context)
        if !text.country.isEmpty {
            let (x, y) = layout.boxPoint(x: 0.5, y: 0.10)
            unknownGlyphs += draw(text.country, font: .light(text.countrySize), x: x, y: y, anchor: .centerBaseline)
        }
        let (coordinatesX, coordinatesY) = layout.boxPoint(x: 0.5, y: 0.07)
        unknownGlyphs += draw(
            text.coordinates,
            font: .regular(text.coordinatesSize),
            x: coordinatesX,
            y: coordinatesY,
            alpha: 0.7,
            anchor: .centerBaseline
        )
        let (attributionX, attributionY) = layout.boxPoint(x: 0.98, y: 0.02)
        unknownGlyphs += draw(
            PosterText.attribution,
            font: .light(PosterText.attributionSize),
            x: attributionX,
            y: attributionY,
            alpha: 0.5,
            anchor: .rightBottom
        )
        return unknownGlyphs
    }

    /// Lays out and draws one line with Pango (shaping, bidi, font fallback).
    ///
    /// - Returns: the layout's unknown-glyph count.
    func draw(_ string: String, font: FontSpec, x: Double, y: Double, alpha: Double = 1, anchor: TextAnchor) -> Int {
        let layout = Self.makeLayout(context, string, font: font)
        defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
        var logical = PangoRectangle()
        pango_layout_get_extents(layout, nil, &logical)
        let scale = Double(PANGO_SCALE)
        let width = Double(logical.width) / scale
        let originX: Double
        let originY: Double
        switch anchor {
        case .centerBaseline:
            originX = x - width / 2 - Double(logical.x) / scale
            originY = y - Double(pango_layout_get_baseline(layout)) / scale
        case .rightBottom:
            originX = x - width - Double(logical.x) / scale
            originY = y - Double(logical.y + logical.height) / scale
        }
        setColor(theme.text, alpha: alpha)
        cairo_move_to(context, originX, originY)
        pango_cairo_show_layout(context, layout)
        return Int(pango_layout_get_unknown_glyphs_count(layout))
    }

    /// A Pango layout of `string` for `context`; the caller unrefs it.
    ///
    /// Hinting is off so that the layout is the same at every resolution and in PDF and SVG.
    static func makeLayout(_ context: OpaquePointer, _ string: String, font: FontSpec) -> OpaquePointer {
        let options = cairo_font_options_create()
        defer { cairo_font_options_destroy(options) }
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
        let layout = pango_cairo_create_layout(context)!
        pango_cairo_context_set_font_options(pango_layout_get_context(layout), options)
        pango_layout_context_changed(layout)
        let description = pango_font_description_new()
        defer { pango_font_description_free(description) }
        pango_font_description_set_family(description, font.family)
        pango_font_description_set_weight(description, font.weight)
        pango_font_description_set_absolute_size(description, font.size * Double(PANGO_SCALE))
        pango_layout_set_font_description(layout, description)
        pango_layout_set_text(layout, string, -1)
        return layout
    }

    /// Shapes `string` off-screen: its unknown-glyph count, width, and where its first character sits
    /// (near the right end for right-to-left text).
    static func measure(_ string: String, font: FontSpec) -> (
        unknownGlyphs: Int, width: Double, firstCharacterX: Double
    ) {
        let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1)
        defer { cairo_surface_destroy(surface) }
        let context = cairo_create(surface)!
        defer { cairo_destroy(context) }
        let layout = makeLayout(context, string, font: font)
        defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
        var logical = PangoRectangle()
        pango_layout_get_extents(layout, nil, &logical)
        var first = PangoRectangle()
        pango_layout_index_to_pos(layout, 0, &first)
        let scale = Double(PANGO_SCALE)
        return (
            Int(pango_layout_get_unknown_glyphs_count(layout)), Double(logical.width) / scale,
            Double(first.x + first.width / 2) / scale
        )
    }
}
