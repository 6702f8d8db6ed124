import MapFeatures
import PosterDesign
import Testing

@testable import Render

/// The pixels on each road class's lines carry that class's colour in the theme.
@Suite struct RoadColorTests {
    /// 4 × 5.33 in at 600 dpi: the thinnest road (0.4 pt) is 3.3 px wide, so its centre pixel is fully covered.
    private static let dpi = 600

    @Test(arguments: Theme.ids)
    func roadPixelsCarryTheirClassColour(theme: String) throws {
        let map = try RenderFixtures.helsinki
        try check(map, theme: theme, classes: [.primary, .secondary, .tertiary, .residential, .default])
    }

    /// Helsinki's centre has no motorway, and unknown highway values must fall into `road_default`: relabel
    /// real roads to draw both.
    @Test(arguments: ["noir", "autumn", "neon_cyberpunk"])
    func motorwaysAndUnknownValues(theme: String) throws {
        let map = try RenderFixtures.helsinki
        let primaries = map.roads.filter { $0.roadClass == .primary }
        let motorways = MapData(roads: primaries.map { Road(highway: "motorway_link", points: $0.points) })
        try check(motorways, theme: theme, classes: [.motorway])
        let unknown = MapData(roads: primaries.map { Road(highway: "made_up_value", points: $0.points) })
        try check(unknown, theme: theme, classes: [.default])
    }

    private func check(_ map: MapData, theme: String, classes: [RoadClass]) throws {
        let options = try RenderFixtures.options(theme: theme, dpi: Self.dpi, labels: PosterLabels())
        let canvas = try PosterRenderer.draw(map, options: options).canvas
        let layout = PosterLayout(options: options)
        let geometry = PosterGeometry(map: map, layout: layout, projection: TransverseMercator(center: options.center))
        for roadClass in classes {
            let lines = try #require(geometry.roads.first { $0.roadClass == roadClass }?.lines)
            let samples = RoadSamples.midpoints(of: lines, layout: layout, dpi: Self.dpi)
            #expect(samples.count >= 10, "\(theme) \(roadClass): \(samples.count) samples")
            let expected = options.theme.color(for: roadClass).bytes
            let matching = samples.filter { point in
                let pixel = canvas.pixel(x: point.x, y: point.y)!
                return abs(Int(pixel.red) - Int(expected.red)) <= 1 && abs(Int(pixel.green) - Int(expected.green)) <= 1
                    && abs(Int(pixel.blue) - Int(expected.blue)) <= 1
            }
            // Crossings with later (more major) classes may cover a few midpoints.
            let share = Double(matching.count) / Double(max(samples.count, 1))
            #expect(share > 0.8, "\(theme) \(roadClass): \(matching.count) of \(samples.count) samples are \(expected)")
        }
    }
}
