import CCairo
import PosterDesign
import Synchronization

extension PosterPainter {
    /// How a text line hangs on its anchor point.
    enum TextAnchor {
        /// Centred horizontally, the anchor on the baseline (matplotlib's `ha="center"`).
        case centerBaseline
        /// Right-aligned, the anchor at the bottom of the line box (`ha="right", va="bottom"`).
        case rightBottom
        /// Left-aligned, the anchor halfway down the line box (marker labels and the legend).
        case leftMiddle
        /// Centred both ways on the anchor (the number in a pin, the north arrow's N).
        case center
    }

    /// A font request: a weight and a size; the families follow the text's scripts (see ``FontFamilies``).
    struct FontSpec {
        var weight: PangoWeight
        var size: Double

        static func bold(_ size: Double) -> FontSpec { FontSpec(weight: PANGO_WEIGHT_BOLD, size: size) }
        static func light(_ size: Double) -> FontSpec { FontSpec(weight: PANGO_WEIGHT_LIGHT, size: size) }
        static func regular(_ size: Double) -> FontSpec { FontSpec(weight: PANGO_WEIGHT_NORMAL, size: size) }
    }

    /// Serialises shaping and drawing text (Pango, fontconfig, cairo's FreeType fonts) across the process: two threads
    /// shaping at once crashed inside libcairo while fontconfig was loading fonts (seen in the parallel unit tests).
    /// Text is a few lines per poster, so one lock costs nothing measurable.
    static let textLock = Mutex(())

    /// The share of the map box's width the title and the country line may take: the box less the 2 % the
    /// original leaves at the attribution's side, on both sides.
    static let lineWidthFraction = 0.96

    /// Draws the title, divider, country, coordinates and attribution, positioned as the original does
    /// (fractions of the map box from its bottom-left); only the title, or nothing, as ``PosterOptions/text`` says.
    ///
    /// - Returns: how many glyphs no installed font could draw (0 means no missing-glyph boxes).
    @discardableResult
    func paintText(_ text: PosterText) -> Int {
        var unknownGlyphs = 0
        let lineWidth = layout.boxWidth * Self.lineWidthFraction
        if options.text != .none, !text.title.isEmpty {
            let (x, y) = layout.boxPoint(x: 0.5, y: 0.14)
            unknownGlyphs += draw(
                text.title, font: .bold(text.titleSize), x: x, y: y, anchor: .centerBaseline, maximumWidth: lineWidth)
        }
        guard options.text == .all else { return unknownGlyphs }
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
            unknownGlyphs += draw(
                text.country, font: .light(text.countrySize), x: x, y: y, anchor: .centerBaseline,
                maximumWidth: lineWidth)
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
    /// A line wider than `maximumWidth` is drawn smaller, just as wide as that: the size rules of the original
    /// (a floor of 10 pt for long titles) never push text past the margins.
    ///
    /// - Returns: the layout's unknown-glyph count.
    /// A `halo` (in points) first strokes the glyphs' outlines that wide in `haloColor`, so that a label stays
    /// readable over roads.
    func draw(
        _ string: String,
        font: FontSpec,
        x: Double,
        y: Double,
        alpha: Double = 1,
        color: RGBColor? = nil,
        anchor: TextAnchor,
        maximumWidth: Double = .infinity,
        halo: Double = 0,
        haloColor: RGBColor? = nil
    ) -> Int {
        Self.textLock.withLock { _ in
            drawLocked(
                string, font: font, x: x, y: y, alpha: alpha, color: color, anchor: anchor, maximumWidth: maximumWidth,
                halo: halo, haloColor: haloColor)
        }
    }

    private func drawLocked(
        _ string: String, font: FontSpec, x: Double, y: Double, alpha: Double, color: RGBColor?, anchor: TextAnchor,
        maximumWidth: Double, halo: Double, haloColor: RGBColor?
    ) -> Int {
        var font = font
        var layout = Self.makeLayout(context, string, font: font)
        defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
        var logical = PangoRectangle()
        pango_layout_get_extents(layout, nil, &logical)
        let scale = Double(PANGO_SCALE)
        if Double(logical.width) / scale > maximumWidth {
            // Unhinted, unrounded layouts scale linearly with the size.
            font.size *= maximumWidth / (Double(logical.width) / scale)
            g_object_unref(UnsafeMutableRawPointer(layout))
            layout = Self.makeLayout(context, string, font: font)
            pango_layout_get_extents(layout, nil, &logical)
        }
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
        case .leftMiddle:
            originX = x - Double(logical.x) / scale
            originY = y - (Double(logical.y) + Double(logical.height) / 2) / scale
        case .center:
            originX = x - width / 2 - Double(logical.x) / scale
            originY = y - (Double(logical.y) + Double(logical.height) / 2) / scale
        }
        if halo > 0 {
            cairo_move_to(context, originX, originY)
            pango_cairo_layout_path(context, layout)
            setColor(haloColor ?? theme.background, alpha: alpha)
            cairo_set_line_width(context, 2 * halo)
            cairo_set_line_join(context, CAIRO_LINE_JOIN_ROUND)
            cairo_stroke(context)
        }
        setColor(color ?? theme.text, alpha: alpha)
        cairo_move_to(context, originX, originY)
        pango_cairo_show_layout(context, layout)
        return Int(pango_layout_get_unknown_glyphs_count(layout))
    }

    /// A Pango layout of `string` for `context`; the caller holds ``textLock`` and unrefs it.
    ///
    /// Hinting is off and glyph positions are not rounded to whole points, so that the layout is the same at every
    /// resolution and in PDF and SVG, and small text keeps matplotlib's even spacing (rounded, the 8 pt
    /// attribution read "StreetM ap").
    static func makeLayout(_ context: OpaquePointer, _ string: String, font: FontSpec) -> OpaquePointer {
        let options = cairo_font_options_create()
        defer { cairo_font_options_destroy(options) }
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
        let layout = pango_cairo_create_layout(context)!
        pango_cairo_context_set_font_options(pango_layout_get_context(layout), options)
        pango_context_set_round_glyph_positions(pango_layout_get_context(layout), 0)
        pango_layout_context_changed(layout)
        let description = pango_font_description_new()
        defer { pango_font_description_free(description) }
        let families = FontFamilies.list(for: string)
        pango_font_description_set_family(description, families)
        pango_font_description_set_weight(description, font.weight)
        pango_font_description_set_absolute_size(description, font.size * Double(PANGO_SCALE))
        pango_layout_set_font_description(layout, description)
        pango_layout_set_text(layout, string, -1)
        if families == FontFamilies.roboto {
            // matplotlib reads kerning from the `kern` table only, which Roboto lacks (its pairs are in GPOS): it
            // sets Roboto unkerned, and so do we, letter for letter (TextMetricsTests).
            let attributes = pango_attr_list_new()
            pango_attr_list_insert(attributes, pango_attr_font_features_new("kern 0"))
            pango_layout_set_attributes(layout, attributes)
            pango_attr_list_unref(attributes)
        }
        return layout
    }

    /// Shapes `string` off-screen: its unknown-glyph count, width, where its first character sits (near the right
    /// end for right-to-left text), where each character starts, in points, and the font families drawing it.
    static func measure(_ string: String, font: FontSpec) -> (
        unknownGlyphs: Int, width: Double, firstCharacterX: Double, characterX: [Double], families: Set<String>
    ) {
        textLock.withLock { _ in measureLocked(string, font: font) }
    }

    private static func measureLocked(_ string: String, font: FontSpec) -> (
        unknownGlyphs: Int, width: Double, firstCharacterX: Double, characterX: [Double], families: Set<String>
    ) {
        let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1)
        defer { cairo_surface_destroy(surface) }
        let context = cairo_create(surface)!
        defer { cairo_destroy(context) }
        let layout = makeLayout(context, string, font: font)
        defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
        var logical = PangoRectangle()
        pango_layout_get_extents(layout, nil, &logical)
        let scale = Double(PANGO_SCALE)
        var starts: [Double] = []
        var byteIndex: Int32 = 0
        for character in string {
            var position = PangoRectangle()
            pango_layout_index_to_pos(layout, byteIndex, &position)
            starts.append(Double(position.x) / scale)
            byteIndex += Int32(character.utf8.count)
        }
        var first = PangoRectangle()
        pango_layout_index_to_pos(layout, 0, &first)
        var families: Set<String> = []
        var run = pango_layout_get_line_readonly(layout, 0)?.pointee.runs
        while let node = run {
            let glyphs = node.pointee.data.assumingMemoryBound(to: PangoGlyphItem.self)
            let description = pango_font_describe(glyphs.pointee.item.pointee.analysis.font)
            families.insert(String(cString: pango_font_description_get_family(description)))
            pango_font_description_free(description)
            run = node.pointee.next
        }
        return (
            Int(pango_layout_get_unknown_glyphs_count(layout)), Double(logical.width) / scale,
            Double(first.x + first.width / 2) / scale, starts, families
        )
    }
}
