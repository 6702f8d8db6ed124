import CCairo
import Foundation
import PosterDesign

extension PosterPainter {
    /// The route's width in points at the 12-inch reference (twice a motorway's).
    static let routeWidth = 2.4
    /// A pin's head radius in points at the 12-inch reference.
    static let pinRadius = 6.0
    /// The size of marker labels and legend lines in points at the 12-inch reference.
    static let markerLabelSize = 10.0
    /// How far the frame, the legend and the north arrow sit inside the map box, in points at the 12-inch reference.
    static let overlayInset = 18.0

    /// Draws what lies above the map and its fades: the route, the markers (labelled, or numbered with a legend),
    /// the north arrow and the frame, clipped to the map box; sizes follow ``PosterLayout/textScale``.
    ///
    /// - Returns: how many glyphs of the labels no installed font could draw.
    func paintOverlays(_ geometry: PosterGeometry) -> Int {
        cairo_save(context)
        defer { cairo_restore(context) }
        cairo_rectangle(context, layout.boxX, layout.boxY, layout.boxWidth, layout.boxHeight)
        cairo_clip(context)
        let scale = layout.textScale
        var unknownGlyphs = 0
        if !geometry.route.isEmpty {
            cairo_set_line_join(context, CAIRO_LINE_JOIN_ROUND)
            cairo_set_line_cap(context, CAIRO_LINE_CAP_ROUND)
            for line in geometry.route { addLine(line.points) }
            setColor(theme.background, alpha: 0.8)
            cairo_set_line_width(context, (Self.routeWidth + 1.6) * scale)
            cairo_stroke_preserve(context)
            setColor(theme.text)
            cairo_set_line_width(context, Self.routeWidth * scale)
            cairo_stroke(context)
        }
        for (index, (marker, tip)) in zip(options.markers, geometry.markers).enumerated() {
            unknownGlyphs += paintMarker(at: tip, label: marker.label, number: options.legend ? index + 1 : nil)
        }
        if options.legend, !options.markers.isEmpty { unknownGlyphs += paintLegend() }
        if options.northArrow { unknownGlyphs += paintNorthArrow() }
        if options.frame {
            let inset = Self.overlayInset * scale
            setColor(theme.text)
            cairo_set_line_width(context, 2 * scale)
            cairo_rectangle(
                context, layout.boxX + inset, layout.boxY + inset, layout.boxWidth - 2 * inset,
                layout.boxHeight - 2 * inset)
            cairo_stroke(context)
        }
        return unknownGlyphs
    }

    /// A pin in the text colour whose tip is at `tip`, outlined in the background colour: with `number` inside, or a
    /// dot and `label` to its right.
    private func paintMarker(at tip: PosterGeometry.PagePoint, label: String, number: Int?) -> Int {
        let scale = layout.textScale
        let radius = Self.pinRadius * scale
        let centerY = tip.y - 2.4 * radius
        // The head's tangents from the tip: a teardrop.
        let spread = acos(radius / (tip.y - centerY))
        cairo_new_path(context)
        cairo_move_to(context, tip.x, tip.y)
        cairo_arc(context, tip.x, centerY, radius, .pi / 2 + spread, 2.5 * .pi - spread)
        cairo_close_path(context)
        fillOutlined(scale: scale)
        guard let number else {
            cairo_arc(context, tip.x, centerY, radius * 0.4, 0, 2 * .pi)
            cairo_fill(context)
            guard !label.isEmpty else { return 0 }
            return draw(
                label, font: .regular(Self.markerLabelSize * scale), x: tip.x + 1.5 * radius, y: centerY,
                anchor: .leftMiddle, halo: 1.5 * scale)
        }
        return draw(
            String(number), font: .bold(radius * 1.2), x: tip.x, y: centerY, color: theme.background,
            anchor: .center)
    }

    /// The numbered list of marker labels on a background-coloured card at the map's top left.
    private func paintLegend() -> Int {
        let scale = layout.textScale
        let size = Self.markerLabelSize * scale
        let lineHeight = size * 1.5
        let inset = Self.overlayInset * scale * (options.frame ? 2 : 1)
        let lines = options.markers.enumerated().map { index, marker in
            marker.label.isEmpty ? "\(index + 1)" : "\(index + 1)  \(marker.label)"
        }
        let widest = lines.map { Self.measure($0, font: .regular(size)).width }.max() ?? 0
        let padding = size * 0.6
        let width = min(widest + 2 * padding, layout.boxWidth - 2 * inset)
        setColor(theme.background, alpha: 0.85)
        cairo_rectangle(
            context, layout.boxX + inset, layout.boxY + inset, width, Double(lines.count) * lineHeight + 2 * padding)
        cairo_fill(context)
        var unknownGlyphs = 0
        for (index, line) in lines.enumerated() {
            unknownGlyphs += draw(
                line, font: .regular(size), x: layout.boxX + inset + padding,
                y: layout.boxY + inset + padding + (Double(index) + 0.5) * lineHeight, anchor: .leftMiddle,
                maximumWidth: width - 2 * padding)
        }
        return unknownGlyphs
    }

    /// An arrow in the text colour at the map's top right pointing to north (up, turned with the map), an N at its
    /// head.
    private func paintNorthArrow() -> Int {
        let scale = layout.textScale
        let length = 28 * scale
        let inset = Self.overlayInset * scale * (options.frame ? 2 : 1)
        let centerX = layout.boxX + layout.boxWidth - inset - length / 2
        let centerY = layout.boxY + inset + length
        cairo_save(context)
        cairo_translate(context, centerX, centerY)
        cairo_rotate(context, layout.rotation)
        cairo_move_to(context, 0, -length / 2)
        cairo_line_to(context, length / 4, length / 2)
        cairo_line_to(context, 0, length / 4)
        cairo_line_to(context, -length / 4, length / 2)
        cairo_close_path(context)
        fillOutlined(scale: scale)
        cairo_restore(context)
        let headDistance = length / 2 + 7 * scale
        return draw(
            "N", font: .bold(11 * scale), x: centerX + headDistance * sin(layout.rotation),
            y: centerY - headDistance * cos(layout.rotation), anchor: .center, halo: 1.2 * scale)
    }

    /// Fills the current path in the theme's text colour and outlines it in the background colour, so a pin or an
    /// arrow stands out on any map.
    private func fillOutlined(scale: Double) {
        setColor(theme.text)
        cairo_fill_preserve(context)
        setColor(theme.background)
        cairo_set_line_width(context, 0.8 * scale)
        cairo_stroke(context)
    }
}
