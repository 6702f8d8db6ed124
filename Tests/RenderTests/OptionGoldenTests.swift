import Foundation
import MapFeatures
import MapPosterTesting
import OSM
import PosterDesign
import Testing

@testable import Render

/// The poster options of issue 20 on the Helsinki fixture: one golden each, and a check of what each must do.
@Suite struct OptionGoldenTests {
    /// Three places within the default crop: the railway station, Senate Square, Kaisaniemi park.
    static let places = [
        PosterMarker(point: GeoPoint(latitude: 60.1719, longitude: 24.9414), label: "Station"),
        PosterMarker(point: GeoPoint(latitude: 60.1694, longitude: 24.9522), label: "Senate Square"),
        PosterMarker(point: GeoPoint(latitude: 60.1740, longitude: 24.9460), label: "Kaisaniemi"),
    ]

    /// Each golden's name and the change from the default options.
    static let goldens: [(name: String, change: @Sendable (inout PosterOptions) throws -> Void)] = [
        ("text-none", { $0.text = .none }),
        ("text-title", { $0.text = .title }),
        ("line-scale", { $0.lineScale = 3 }),
        ("frame", { $0.frame = true }),
        ("fade-top", { $0.fade = .top }),
        ("fade-none", { $0.fade = .none }),
        ("markers", { $0.markers = places }),
        (
            "legend",
            {
                $0.markers = places
                $0.legend = true
                $0.frame = true
            }
        ),
        (
            "rotation",
            {
                $0.rotation = 30
                $0.northArrow = true
            }
        ),
        ("route", { $0.route = try OptionGoldenTests.fixtureRoute() }),
    ]
    /// The option goldens, with `option-green-space.png` (of other features: ``greenSpaceIsDrawnInItsColour()``).
    static let goldenCount = goldens.count + 1

    @Test(arguments: goldens.map(\.name))
    func matchesTheGolden(name: String) throws {
        var options = try RenderFixtures.options()
        try Self.goldens.first { $0.name == name }!.change(&options)
        let png = try PosterRenderer.render(try RenderFixtures.helsinki, options: options)
        try GoldenTests.compare(png, toGolden: "option-\(name).png")
    }

    /// The longest primary and secondary roads of the fixture that lie wholly inside the crop, written as a GPX track
    /// and read back: a route on real ways, as a user would upload it.
    static func fixtureRoute() throws -> [[GeoPoint]] {
        let box = try RenderFixtures.options().mapBoundingBox
        let inside = try RenderFixtures.helsinki.roads.filter { road in
            (road.roadClass == .primary || road.roadClass == .secondary) && road.points.count >= 4
                && road.points.allSatisfy { box.contains($0) }
        }
        let ways = inside.sorted { $0.points.count > $1.points.count }.prefix(3).map { road in
            road.points.map { (latitude: $0.latitude, longitude: $0.longitude) }
        }
        return try GPXRoute(gpx: Data(GPXDocument.text(segments: Array(ways)).utf8)).lines
    }

    /// Renders the fixture with `change` applied to the default options at `dpi`, without text unless the change
    /// sets some, and returns its canvas.
    private func canvas(dpi: Int = 100, _ change: (inout PosterOptions) throws -> Void) throws -> CairoCanvas {
        var options = try RenderFixtures.options(dpi: dpi)
        options.text = .none
        try change(&options)
        return try PosterRenderer.draw(try RenderFixtures.helsinki, options: options).canvas
    }

    /// The pixels of `canvas` where `predicate` holds, over the whole 400 × 533 px poster.
    private func count(
        _ canvas: CairoCanvas, rows: Range<Int> = 0..<533, where predicate: ((UInt8, UInt8, UInt8)) -> Bool
    ) -> Int {
        var count = 0
        for y in rows {
            for x in 0..<400 where predicate(canvas.pixel(x: x, y: y)!) { count += 1 }
        }
        return count
    }

    /// Woods drawn as parks, in the theme's green-space colour; without them that colour is nowhere. (The fixture's wood
    /// is a sliver of about 40 × 10 m between footpaths, clipped by the extract.)
    @Test func greenSpaceIsDrawnInItsColour() throws {
        var options = try RenderFixtures.options(dpi: 100)
        options.center = RenderFixtures.greenSpaceCenter
        options.distance = RenderFixtures.greenSpaceDistance
        options.theme.greenSpace = try RGBColor(hex: "#2E7D32")
        options.fade = .none
        let green = try PosterRenderer.draw(try RenderFixtures.helsinkiWithGreenSpace, options: options).canvas
        var withoutGreen = try RenderFixtures.helsinkiWithGreenSpace
        withoutGreen.greenSpace = []
        let plain = try PosterRenderer.draw(withoutGreen, options: options).canvas
        let isGreen: ((UInt8, UInt8, UInt8)) -> Bool = { $0 == (0x2E, 0x7D, 0x32) }
        #expect(count(green, where: isGreen) > 20)
        #expect(count(plain, where: isGreen) == 0)
        options.dpi = 50
        try GoldenTests.compare(
            try PosterRenderer.render(try RenderFixtures.helsinkiWithGreenSpace, options: options),
            toGolden: "option-green-space.png")
    }

    /// Every option at once, in every format: the PDF keeps the labels and the title as text.
    @Test func everyOptionDrawsInEveryFormat() throws {
        var options = try RenderFixtures.options()
        for (_, change) in Self.goldens { try change(&options) }
        options.text = .title
        let folder = try RenderFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        for format in PosterFormat.allCases {
            options.format = format
            let file = folder.appendingPathComponent("poster.\(format.fileExtension)")
            try PosterRenderer.render(try RenderFixtures.helsinki, options: options, to: file)
            #expect(try Data(contentsOf: file).count > 10_000, "\(format)")
        }
        let pdf = folder.appendingPathComponent("poster.pdf").path
        let words = try RenderFixtures.run("/usr/bin/pdftotext", [pdf, "-"])
        #expect(words.contains("Station") && words.contains("Senate Square") && words.contains("Kaisaniemi"))
        #expect(words.contains("H E L S I N K I") || words.contains("H  E  L  S  I  N  K  I"))
        #expect(!words.contains("FINLAND"))
        let svg = try SVGRoot(try Data(contentsOf: folder.appendingPathComponent("poster.svg")))
        #expect(svg.name == "svg")
    }

    @Test func titleModeDrawsOnlyTheTitle() throws {
        let none = try canvas { _ in }
        let title = try canvas { $0.text = .title }
        let all = try canvas { $0.text = .all }
        var titleRows = Set<Int>()
        var restRows = Set<Int>()
        for y in 0..<533 {
            for x in 0..<400 {
                if none.pixel(x: x, y: y)! != title.pixel(x: x, y: y)! { titleRows.insert(y) }
                if title.pixel(x: x, y: y)! != all.pixel(x: x, y: y)! { restRows.insert(y) }
            }
        }
        // The title's band (baseline at 14 % from the bottom) and nothing else; then the lines below it.
        #expect(!titleRows.isEmpty && titleRows.allSatisfy { (425..<462).contains($0) })
        #expect(!restRows.isEmpty && restRows.allSatisfy { $0 >= 462 })
    }

    @Test func lineScaleWidensTheRoads() throws {
        let lit: ((UInt8, UInt8, UInt8)) -> Bool = { $0.0 > 60 }
        let thin = count(try canvas { $0.fade = .none }, where: lit)
        let thick = count(
            try canvas {
                $0.fade = .none
                $0.lineScale = 3
            }, where: lit)
        #expect(thin > 1000)
        #expect(Double(thick) > 1.8 * Double(thin))
    }

    @Test func fadesFollowTheOption() throws {
        // noir fades to black: the outermost rows of a faded edge are black, of an unfaded edge they show roads.
        let lit: ((UInt8, UInt8, UInt8)) -> Bool = { $0.0 > 40 }
        let (top, bottom) = (0..<4, 529..<533)
        for (fade, topFades, bottomFades) in [
            (PosterFade.both, true, true), (.top, true, false), (.bottom, false, true), (.none, false, false),
        ] {
            let poster = try canvas { $0.fade = fade }
            #expect((count(poster, rows: top, where: lit) == 0) == topFades, "\(fade) top")
            #expect((count(poster, rows: bottom, where: lit) == 0) == bottomFades, "\(fade) bottom")
        }
    }

    @Test func frameIsABorderInTheTextColour() throws {
        let plain = try canvas { _ in }
        let framed = try canvas { $0.frame = true }
        // 6 pt inside the box at 100 dpi: 8.3 px from each edge.
        var changed = 0
        var offTheFrame = 0
        for y in 0..<533 {
            for x in 0..<400 where plain.pixel(x: x, y: y)! != framed.pixel(x: x, y: y)! {
                changed += 1
                let nearColumn = abs(Double(x) + 0.5 - 8.33) < 2 || abs(Double(x) + 0.5 - (400 - 8.33)) < 2
                let nearRow = abs(Double(y) + 0.5 - 8.33) < 2 || abs(Double(y) + 0.5 - (533.33 - 8.33)) < 2
                if !(nearColumn || nearRow) { offTheFrame += 1 }
            }
        }
        #expect(changed > 2 * (384 + 517))
        #expect(offTheFrame == 0)
        #expect(framed.pixel(x: 200, y: 8)!.red > 150)
    }

    /// maptoposter's rotation PR lost the parks and the water: here they turn with the roads. The disc in the middle
    /// of the map shows the same ground at every angle, so it holds as much park and water turned as upright.
    @Test func rotationKeepsParksAndWater() throws {
        // blueprint: parks #1E4570, water #0F2840, each unlike anything else it draws. 400 m north of the fixture's
        // centre the disc takes in the bay.
        func colourCounts(rotation: Double) throws -> (parks: Int, water: Int) {
            let poster = try canvas {
                $0.theme = try Theme.named("blueprint")
                $0.fade = .none
                $0.center = GeoPoint(latitude: 60.1752, longitude: 24.9443)
                $0.rotation = rotation
            }
            var counts = (parks: 0, water: 0)
            for y in 0..<533 {
                for x in 0..<400 where (x - 200) * (x - 200) + (y - 266) * (y - 266) < 185 * 185 {
                    let pixel = poster.pixel(x: x, y: y)!
                    if pixel == (0x1E, 0x45, 0x70) { counts.parks += 1 }
                    if pixel == (0x0F, 0x28, 0x40) { counts.water += 1 }
                }
            }
            return counts
        }
        let upright = try colourCounts(rotation: 0)
        #expect(upright.parks > 2000 && upright.water > 2000, "\(upright)")
        for rotation in [30.0, 90, -135] {
            let turned = try colourCounts(rotation: rotation)
            #expect(abs(Double(turned.parks) / Double(upright.parks) - 1) < 0.1, "\(rotation)°: \(turned)")
            #expect(abs(Double(turned.water) / Double(upright.water) - 1) < 0.1, "\(rotation)°: \(turned)")
        }
        // And the fetch reaches the turned crop's corners.
        var options = try RenderFixtures.options()
        let uprightFetch = options.fetchDistance
        options.width = 10
        options.height = 10
        options.rotation = 45
        #expect(abs(options.fetchDistance - 650 * 2.0.squareRoot()) < 1e-6)
        #expect(abs(uprightFetch - 650 * 4 / 3) < 1e-6)
    }

    @Test func routeLiesOnTheWaysItWasBuiltFrom() throws {
        let route = try Self.fixtureRoute()
        try #require(route.count == 3 && route.allSatisfy { $0.count >= 4 })
        let magenta = try RGBColor(hex: "#FF00FF")
        let poster = try canvas(dpi: 300) {
            $0.route = route
            $0.customColors = ColorOverrides(text: magenta)
        }
        let options = try RenderFixtures.options(dpi: 300)
        let layout = PosterLayout(options: options)
        let projection = TransverseMercator(center: options.center)
        var checked = 0
        for point in route.joined() {
            let (x, y) = layout.pagePoint(projection.project(point))
            // Every vertex of the ways is under the route's magenta stroke (3.3 px wide at 300 dpi).
            let pixel = poster.pixel(x: Int(x * 300 / 72), y: Int(y * 300 / 72))!
            #expect(pixel.red > 200 && pixel.green < 80 && pixel.blue > 200, "\(point)")
            checked += 1
        }
        #expect(checked > 10)
    }

    /// A route with no centre given: the poster is centred on it and sized to hold it, with a tenth to spare.
    @Test func distanceFittingARouteHoldsIt() throws {
        let route = try Self.fixtureRoute()
        var options = try RenderFixtures.options()
        let box = GPXRoute(lines: route).boundingBox
        options.center = GPXRoute(lines: route).center
        options.distance = options.distance(fitting: route, within: PosterOptions.distanceRange)
        let crop = options.mapBoundingBox
        #expect(route.joined().allSatisfy { crop.contains($0) })
        // Snug: on one axis the crop is the route's box and a tenth (and the rounding up to whole metres).
        let spare = min(
            (crop.north - crop.south) / (box.north - box.south), (crop.east - crop.west) / (box.east - box.west))
        #expect(spare > 1.09 && spare < 1.15, "\(spare)")
        #expect(options.distance(fitting: route, within: 1...10) == 10)
    }

    @Test func markersAndTheLegendDrawTheirLabels() throws {
        let options = try RenderFixtures.options(dpi: 100)
        let unlabelled = try PosterRenderer.draw(
            try RenderFixtures.helsinki,
            options: options.with { $0.markers = Self.places.map { PosterMarker(point: $0.point) } })
        let labelled = try PosterRenderer.draw(
            try RenderFixtures.helsinki, options: options.with { $0.markers = Self.places })
        let legend = try PosterRenderer.draw(
            try RenderFixtures.helsinki,
            options: options.with {
                $0.markers = Self.places
                $0.legend = true
            })
        #expect(labelled.unknownGlyphs == 0 && legend.unknownGlyphs == 0)
        // The labels add ink beside the pins; the legend card sits at the top left.
        let size = options.pixelSize
        var labelInk = 0
        for y in 0..<size.height {
            for x in 0..<size.width where unlabelled.canvas.pixel(x: x, y: y)! != labelled.canvas.pixel(x: x, y: y)! {
                labelInk += 1
            }
        }
        #expect(labelInk > 100)
        var legendInk = 0
        for y in 0..<80 {
            for x in 0..<200 where legend.canvas.pixel(x: x, y: y)! != labelled.canvas.pixel(x: x, y: y)! {
                legendInk += 1
            }
        }
        #expect(legendInk > 50)
    }
}

extension PosterOptions {
    /// A copy with `change` applied.
    fileprivate func with(_ change: (inout PosterOptions) -> Void) -> PosterOptions {
        var copy = self
        change(&copy)
        return copy
    }
}
