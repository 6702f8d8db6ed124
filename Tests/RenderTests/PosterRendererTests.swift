import CCairo
import Foundation
import MapFeatures
import PosterDesign
import Synchronization
import Testing

@testable import Render

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Renders the real Helsinki extract in every theme and format.
@Suite struct PosterRendererTests {
    @Test(arguments: Theme.ids)
    func rendersEveryFormatInEveryTheme(theme: String) throws {
        let map = try RenderFixtures.helsinki
        let folder = try RenderFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }

        let png = try PosterRenderer.render(map, options: try RenderFixtures.options(theme: theme, dpi: 60))
        let image = try PixelBuffer(png: png)
        #expect(image.width == 240 && image.height == 320)

        let svg = try PosterRenderer.render(map, options: try RenderFixtures.options(theme: theme, format: .svg))
        let root = try SVGRoot(svg)
        #expect(root.name == "svg")
        #expect(root.attributes["width"] == "288pt" && root.attributes["height"] == "384pt")

        let pdfFile = folder.appendingPathComponent("\(theme).pdf")
        try PosterRenderer.render(map, options: try RenderFixtures.options(theme: theme, format: .pdf), to: pdfFile)
        try RenderFixtures.run(
            "/usr/bin/pdftoppm", ["-png", "-r", "30", pdfFile.path, folder.appendingPathComponent("page").path])
        let pages = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("page") }
        #expect(pages.count == 1)
        let page = try PixelBuffer(png: Data(contentsOf: folder.appendingPathComponent(pages[0])))
        #expect(page.width == 120 && page.height == 160)
        // The PDF's text is text: pdftotext finds the words.
        let words = try RenderFixtures.run("/usr/bin/pdftotext", [pdfFile.path, "-"])
        #expect(words.contains("H E L S I N K I") || words.contains("H  E  L  S  I  N  K  I"))
        #expect(words.contains("FINLAND") && words.contains("60.1716° N / 24.9443° E"))
        #expect(words.contains("© OpenStreetMap contributors"))
    }

    @Test func pngIsExactlyRoundedWidthTimesDPI() throws {
        let map = try RenderFixtures.helsinki
        for (paper, dpi) in [(PaperSize.a4, 30), (.a3, 20), (.inches12x16, 25), (.centimetres30x40, 33)] {
            var options = try RenderFixtures.options()
            options.apply(paper)
            options.dpi = dpi
            let image = try PixelBuffer(png: try PosterRenderer.render(map, options: options))
            #expect(image.width == Int((paper.width * Double(dpi)).rounded()))
            #expect(image.height == Int((paper.height * Double(dpi)).rounded()))
        }
    }

    @Test func invalidOptionsThrowBeforeDrawing() throws {
        var options = try RenderFixtures.options()
        options.dpi = 0
        #expect(throws: RenderError.self) { try PosterRenderer.render(MapData(), options: options) }
    }

    @Test func marginsStayBackground() throws {
        var options = try RenderFixtures.options(theme: "terracotta", dpi: 50)
        options.margins = 0.5
        let (canvas, _) = try PosterRenderer.draw(try RenderFixtures.helsinki, options: options)
        let background = options.theme.background.bytes
        // The 25-pixel margin is untouched on every side; the map starts just inside it.
        for (x, y) in [(5, 130), (194, 130), (100, 5), (100, 261), (24, 24)] {
            let pixel = try #require(canvas.pixel(x: x, y: y))
            #expect(pixel == background, "(\(x), \(y))")
        }
        var mapPixels = 0
        for y in 70..<200 {
            for x in 26..<174 where canvas.pixel(x: x, y: y)! != background { mapPixels += 1 }
        }
        #expect(mapPixels > 1000)
    }

    /// The longest place name in Europe on a 4 × 6 in card: the original's 10 pt floor would run it 2.5 times past
    /// the page; it shrinks to the map box instead, and stays out of the margins.
    @Test func longTitlesStayInsideTheMargins() throws {
        var options = try RenderFixtures.options(theme: "terracotta", width: 4, height: 6, dpi: 100)
        options.margins = 0.25
        options.labels = PosterLabels(
            city: "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch", country: "United Kingdom")
        let (canvas, unknown) = try PosterRenderer.draw(MapData(), options: options)
        #expect(unknown == 0)
        let background = options.theme.background.bytes
        var margin = 0
        var title = 0
        for y in 0..<600 {
            for x in 0..<400 where canvas.pixel(x: x, y: y)! != background {
                if x < 25 || x >= 375 || y < 25 || y >= 575 { margin += 1 } else if (490..<520) ~= y { title += 1 }
            }
        }
        #expect(margin == 0)
        // The title spans nearly the whole box (96 % of its 350 px).
        var columns = Set<Int>()
        for y in 490..<520 {
            for x in 0..<400 where canvas.pixel(x: x, y: y)! != background { columns.insert(x) }
        }
        #expect(title > 300)
        #expect((columns.max() ?? 0) - (columns.min() ?? 0) > 320)
    }

    @Test func textRegionIsNotEmpty() throws {
        let map = try RenderFixtures.helsinki
        let options = try RenderFixtures.options(dpi: 100)
        let poster = try PosterRenderer.draw(map, options: options).canvas
        // The same map with no text at all.
        var mapOnlyOptions = options
        mapOnlyOptions.text = .none
        let mapOnly = try PosterRenderer.draw(map, options: mapOnlyOptions).canvas
        // 400 × 533 px; baselines at 14 % (title), 10 % (country) and 7 % (coordinates) from the bottom.
        var changed = (title: 0, country: 0, coordinates: 0, attribution: 0, elsewhere: 0)
        for y in 0..<533 {
            for x in 0..<400 where poster.pixel(x: x, y: y)! != mapOnly.pixel(x: x, y: y)! {
                switch (x, y) {
                case (40..<360, 430..<460): changed.title += 1
                case (140..<260, 468..<481): changed.country += 1
                case (120..<280, 486..<497): changed.coordinates += 1
                case (300..<400, 515..<533): changed.attribution += 1
                case (_, 400..<533): break
                default: changed.elsewhere += 1
                }
            }
        }
        #expect(changed.title > 500)
        #expect(changed.country > 50)
        #expect(changed.coordinates > 50)
        #expect(changed.attribution > 20)
        #expect(changed.elsewhere == 0)
    }

    @Test func bandsPaintTheSamePosterAsOnePass() throws {
        let map = try RenderFixtures.helsinki
        let options = try RenderFixtures.options(theme: "midnight_blue", dpi: 80)
        let whole = try PosterRenderer.draw(map, options: options, bands: 1).canvas
        let banded = try PosterRenderer.draw(map, options: options, bands: 3).canvas
        let (width, height) = options.pixelSize
        var worst = 0
        for y in 0..<height {
            for x in 0..<width {
                let a = whole.pixel(x: x, y: y)!
                let b = banded.pixel(x: x, y: y)!
                worst = max(
                    worst, abs(Int(a.red) - Int(b.red)), abs(Int(a.green) - Int(b.green)),
                    abs(Int(a.blue) - Int(b.blue)))
            }
        }
        #expect(worst <= 2)
    }

    @Test func concurrentRendersMatchSerialOnes() throws {
        let map = try RenderFixtures.helsinki
        let themes = ["noir", "ocean", "sunset", "blueprint"]
        let serial = try themes.map { try PosterRenderer.render(map, options: try RenderFixtures.options(theme: $0)) }
        let results = ConcurrentResults(count: themes.count)
        DispatchQueue.concurrentPerform(iterations: themes.count) { index in
            results.set(
                index,
                Result { try PosterRenderer.render(map, options: try RenderFixtures.options(theme: themes[index])) })
        }
        for index in themes.indices {
            #expect(try results.get(index) == serial[index])
        }
    }

    /// On a PNG, lines under two pixels end flat with bevelled corners (a round end would be a sub-pixel arc); wider
    /// ones, and every line of a PDF or SVG (which may be printed at any scale), end round.
    @Test(arguments: [
        (PosterFormat.png, 300, 0.45, false), (.png, 300, 0.5, true), (.png, 50, 2.8, false), (.png, 50, 2.9, true),
        (.pdf, 72, 0.4, true), (.svg, 72, 0.1, true),
    ])
    func linesUnderTwoPixelsEndFlat(format: PosterFormat, dpi: Int, width: Double, round: Bool) throws {
        let options = try RenderFixtures.options(format: format, dpi: dpi)
        let layout = PosterLayout(options: options)
        let canvas = try CairoCanvas(options: options, layout: layout)
        let painter = PosterPainter(context: canvas.context, layout: layout, options: options)
        painter.setLineWidth(width)
        #expect(cairo_get_line_width(canvas.context) == width)
        #expect(cairo_get_line_cap(canvas.context) == (round ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT))
        #expect(cairo_get_line_join(canvas.context) == (round ? CAIRO_LINE_JOIN_ROUND : CAIRO_LINE_JOIN_BEVEL))
    }

    @Test func extraLayersAreDrawnAboveRoadsAtNinetyPercent() throws {
        let map = try RenderFixtures.helsinki
        var withLayer = map
        let footways = map.roads.filter { $0.highway == "footway" }.map(\.points)
        withLayer.layers = [FeatureLayer(label: "Paths", color: "#FF0000", width: 3, lines: footways)]
        let options = try RenderFixtures.options(theme: "noir", dpi: 150)
        let canvas = try PosterRenderer.draw(withLayer, options: options).canvas
        let layout = PosterLayout(options: options)
        let geometry = PosterGeometry(
            map: withLayer, layout: layout, projection: TransverseMercator(center: options.center))
        let samples = RoadSamples.midpoints(of: geometry.layers[0].lines, layout: layout, dpi: options.dpi)
        #expect(samples.count > 50)
        // Red at 0.9 over the black background or a grey road: red ≥ 229, green and blue ≤ 26.
        let red = samples.filter { point in
            let pixel = canvas.pixel(x: point.x, y: point.y)!
            return pixel.red >= 229 && pixel.green <= 26 && pixel.blue <= 26
        }
        #expect(Double(red.count) / Double(samples.count) > 0.9)
        #expect(samples.contains { canvas.pixel(x: $0.x, y: $0.y)!.red < 255 })
    }
}

/// The root element of an SVG document, parsed with Foundation's XML parser.
struct SVGRoot {
    var name = ""
    var attributes: [String: String] = [:]

    init(_ data: Data) throws {
        let parser = XMLParser(data: data)
        let delegate = RootDelegate()
        parser.delegate = delegate
        guard parser.parse() else {
            throw parser.parserError ?? ToolFailure(command: "XMLParser", status: 1, stderr: "")
        }
        name = delegate.name ?? ""
        attributes = delegate.attributes
    }

    private final class RootDelegate: NSObject, XMLParserDelegate {
        var name: String?
        var attributes: [String: String] = [:]

        func parser(
            _ parser: XMLParser,
            didStartElement elementName: String,
            namespaceURI: String?,
            qualifiedName: String?,
            attributes: [String: String]
        ) {
            guard name == nil else { return }
            name = elementName
            self.attributes = attributes
        }
    }
}

/// Results written by concurrent iterations, each index once.
private final class ConcurrentResults: Sendable {
    private let values: Mutex<[Result<Data, any Error>?]>

    init(count: Int) { values = Mutex(Array(repeating: nil, count: count)) }

    func set(_ index: Int, _ value: Result<Data, any Error>) { values.withLock { $0[index] = value } }

    func get(_ index: Int) throws -> Data { try values.withLock { $0[index] }!.get() }
}
