import PosterDesign

@testable import Render

/// Pixels that lie on the middle of a drawn line, away from its ends and from the fades and the text.
enum RoadSamples {
    /// The pixel at the midpoint of every segment at least 2.5 pt long, inside the map's middle half.
    static func midpoints(of lines: [PosterGeometry.Line], layout: PosterLayout, dpi: Int) -> [(x: Int, y: Int)] {
        let scale = Double(dpi) / 72
        let top = layout.boxY + layout.boxHeight * 0.27
        let bottom = layout.boxY + layout.boxHeight * 0.73
        var samples: [(x: Int, y: Int)] = []
        for line in lines {
            for (a, b) in zip(line.points, line.points.dropFirst()) {
                let length = ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot()
                let middle = (x: (a.x + b.x) / 2, y: (a.y + b.y) / 2)
                guard length >= 2.5, middle.y > top, middle.y < bottom, middle.x > layout.boxX + 2,
                    middle.x < layout.boxX + layout.boxWidth - 2
                else { continue }
                samples.append((Int(middle.x * scale), Int(middle.y * scale)))
            }
        }
        return samples
    }
}
