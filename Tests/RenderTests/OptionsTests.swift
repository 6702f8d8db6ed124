import MapFeatures
import PosterDesign
import Testing

@Suite struct OptionsTests {
    private func options(_ change: (inout PosterOptions) -> Void) throws -> PosterOptions {
        var options = try RenderFixtures.options()
        change(&options)
        return options
    }

    private func code(of options: PosterOptions) -> RenderError.Code? {
        do {
            try options.validate()
            return nil
        } catch {
            return (error as? RenderError)?.code
        }
    }

    @Test func markersParseFromTheCommandLineForm() throws {
        #expect(
            try PosterMarker(parsing: "60.17,24.94,Home")
                == PosterMarker(point: GeoPoint(latitude: 60.17, longitude: 24.94), label: "Home"))
        #expect(try PosterMarker(parsing: " -33.9, 18.4 , Cape Town, Bo-Kaap").label == "Cape Town, Bo-Kaap")
        #expect(try PosterMarker(parsing: "60.17,24.94").label == "")
        for bad in ["60.17", "north,24.94,Home", "", "60.17;24.94"] {
            #expect(throws: RenderError.self) { try PosterMarker(parsing: bad) }
        }
        #expect(try PosterTextMode(parsing: "TITLE") == .title)
        #expect(throws: RenderError.self) { try PosterTextMode(parsing: "some") }
        #expect(try PosterFade(parsing: "top") == .top)
        #expect(throws: RenderError.self) { try PosterFade(parsing: "left") }
    }

    @Test func acceptsSaneOptions() throws {
        #expect(code(of: try options { _ in }) == nil)
        #expect(code(of: try options { $0.apply(.a3) }) == nil)
    }

    @Test func rejectsBadValuesWithTheirCode() throws {
        #expect(code(of: try options { $0.width = 0 }) == .invalidSize)
        #expect(code(of: try options { $0.height = .nan }) == .invalidSize)
        #expect(code(of: try options { $0.width = 500 }) == .invalidSize)
        #expect(code(of: try options { $0.dpi = 0 }) == .invalidDPI)
        #expect(code(of: try options { $0.dpi = 5000 }) == .invalidDPI)
        #expect(code(of: try options { $0.margins = -1 }) == .invalidMargins)
        #expect(code(of: try options { $0.distance = -15000 }) == .invalidDistance)
        #expect(code(of: try options { $0.center = GeoPoint(latitude: 91, longitude: 0) }) == .invalidCenter)
        #expect(code(of: try options { $0.lineScale = 0 }) == .invalidLineScale)
        #expect(code(of: try options { $0.lineScale = .infinity }) == .invalidLineScale)
        #expect(code(of: try options { $0.rotation = .nan }) == .invalidRotation)
        #expect(code(of: try options { $0.rotation = 400 }) == .invalidRotation)
        let offTheGlobe = PosterMarker(point: GeoPoint(latitude: 0, longitude: 181))
        #expect(code(of: try options { $0.markers = [offTheGlobe] }) == .invalidMarker)
        let marker = PosterMarker(point: GeoPoint(latitude: 60.17, longitude: 24.94), label: "Home")
        #expect(code(of: try options { $0.markers = Array(repeating: marker, count: 51) }) == .invalidMarker)
        let longLabel = PosterMarker(point: marker.point, label: String(repeating: "a", count: 81))
        #expect(code(of: try options { $0.markers = [longLabel] }) == .invalidMarker)
        #expect(code(of: try options { $0.route = [[GeoPoint(latitude: -91, longitude: 0)]] }) == .invalidRoute)
        // 60 × 60 in at 1200 dpi is 5 billion pixels: refused for PNG, fine for a vector format.
        let huge = try options {
            $0.width = 60
            $0.height = 60
            $0.dpi = 1200
        }
        #expect(code(of: huge) == .invalidSize)
        var vector = huge
        vector.format = .pdf
        #expect(code(of: vector) == nil)
    }

    /// Margins must leave the map half the page's width and the text block its height; the web UI's widest
    /// (2 in) fit every portrait preset.
    @Test func marginsThatLeaveTooLittleRoomAreRefused() throws {
        var options = try options {
            $0.width = 12
            $0.height = 16
            $0.margins = 9
        }
        #expect {
            try options.validate()
        } throws: { error in
            (error as? RenderError)?.code == .invalidMargins
                && "\(error)"
                    == "Margins of 9 in leave too little room on a 12 × 16 in poster: the map and its text need margins of at most 2.96 in."
        }
        #expect(abs(options.maximumMargins - 2.960) < 0.001)
        options.margins = 2.96
        #expect(code(of: options) == nil)
        for paper in PaperSize.presets {
            options.apply(paper)
            options.margins = 2
            #expect(code(of: options) == nil, "\(paper.name)")
        }
        // A landscape page has less height for the text: 0.96 in at most on 16 × 12 in.
        options.apply(PaperSize.inches12x16.landscape)
        #expect(abs(options.maximumMargins - 0.96) < 0.01)
        options.margins = 1
        #expect(code(of: options) == .invalidMargins)
        // The width rule: a quarter of it.
        options.width = 4
        options.height = 30
        #expect(options.maximumMargins == 1)
    }

    @Test func errorsSayWhatIsAccepted() throws {
        #expect {
            try options { $0.dpi = 0 }.validate()
        } throws: { error in
            (error as? RenderError)?.description == "Invalid dpi 0: must be between 10 and 1200."
        }
    }

    @Test func pixelSizeIsRoundedWidthTimesDPI() throws {
        let options = try options {
            $0.width = 4
            $0.height = 16.0 / 3
            $0.dpi = 50
        }
        #expect(options.pixelSize == (200, 267))
    }

    @Test func paperPresets() throws {
        #expect(try PaperSize.preset(named: "a4") == .a4)
        #expect(abs(PaperSize.a4.width - 8.2677) < 1e-4 && abs(PaperSize.a4.height - 11.6929) < 1e-4)
        #expect(abs(PaperSize.a3.height - 16.5354) < 1e-4)
        #expect(try PaperSize.preset(named: "12x16") == PaperSize(name: "12x16", width: 12, height: 16))
        #expect(abs((try PaperSize.preset(named: "30x40CM"))!.width - 11.811) < 1e-3)
        #expect(try PaperSize.preset(named: "custom") == nil)
        #expect(throws: RenderError.self) { try PaperSize.preset(named: "letter") }
        let landscape = try #require(try PaperSize.preset(named: "a4-LANDSCAPE"))
        #expect(landscape.name == "A4-landscape" && landscape.width == PaperSize.a4.height)
        #expect(landscape.height == PaperSize.a4.width)
        #expect(
            PaperSize.names == [
                "A4", "A3", "12x16", "30x40cm", "A4-landscape", "A3-landscape", "12x16-landscape", "30x40cm-landscape",
            ])
    }

    @Test func formats() throws {
        #expect(try PosterFormat(parsing: "PNG") == .png)
        #expect(PosterFormat.svg.contentType == "image/svg+xml")
        #expect(PosterFormat.pdf.contentType == "application/pdf")
        #expect(throws: RenderError.self) { try PosterFormat(parsing: "jpeg") }
    }
}
