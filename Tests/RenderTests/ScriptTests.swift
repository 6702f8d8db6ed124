import MapFeatures
import Testing

@testable import Render

/// Titles in other scripts are shaped and drawn with fallback fonts: no missing-glyph boxes.
@Suite struct ScriptTests {
    static let titles = ["東京", "Москва", "القاهرة", "Αθήνα", "서울", "मुंबई", "São Paulo"]

    @Test(arguments: titles)
    func everyGlyphHasAFont(title: String) throws {
        for font in [PosterPainter.FontSpec.bold(60), .light(22), .regular(14)] {
            let measured = PosterPainter.measure(title, font: font)
            #expect(measured.unknownGlyphs == 0, "\(title) has \(measured.unknownGlyphs) missing glyphs")
            #expect(measured.width > 0)
        }
        // The whole poster, title and country line in that script.
        let labels = PosterLabels(city: title, country: title)
        let (_, unknown) = try PosterRenderer.draw(
            try RenderFixtures.helsinki, options: try RenderFixtures.options(labels: labels))
        #expect(unknown == 0)
    }

    /// The check can fail: a code point no font has is reported.
    @Test func unassignedCodePointsAreCounted() throws {
        let measured = PosterPainter.measure("A\u{0378}\u{0379}B", font: .bold(60))
        #expect(measured.unknownGlyphs == 2)
        let labels = PosterLabels(city: "\u{0378}")
        let (_, unknown) = try PosterRenderer.draw(MapData(), options: try RenderFixtures.options(labels: labels))
        #expect(unknown == 1)
    }

    @Test func arabicRunsRightToLeftAndLatinLeftToRight() {
        let cairo = PosterPainter.measure("القاهرة", font: .bold(60))
        #expect(cairo.firstCharacterX > cairo.width / 2)
        let paris = PosterPainter.measure("PARIS", font: .bold(60))
        #expect(paris.firstCharacterX < paris.width / 2)
    }

    /// Arabic letters join: the shaped word is narrower than its letters set apart in their isolated forms.
    @Test func arabicIsShaped() {
        let word = PosterPainter.measure("القاهرة", font: .bold(60))
        let isolated = "القاهرة".unicodeScalars.map { PosterPainter.measure(String($0), font: .bold(60)).width }
        #expect(word.width < isolated.reduce(0, +) * 0.95)
    }
}
