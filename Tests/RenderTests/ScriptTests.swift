import MapFeatures
import PosterDesign
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

    /// Each script is drawn with its Noto family where installed (fontconfig alone gave Arabic DejaVu Sans Bold),
    /// Latin, Greek and Cyrillic with Roboto, as the original draws.
    @Test(arguments: [
        ("القاهرة", "Noto Sans Arabic"), ("תל אביב", "Noto Sans Hebrew"), ("मुंबई", "Noto Sans Devanagari"),
        ("กรุงเทพมหานคร", "Noto Sans Thai"), ("თბილისი", "Noto Sans Georgian"), ("東京", "Noto Sans CJK SC"),
        ("さっぽろ", "Noto Sans CJK JP"),
        ("서울", "Noto Sans CJK KR"), ("Москва", "Roboto"), ("Αθήνα", "Roboto"), ("São Paulo", "Roboto"),
    ])
    func eachScriptTakesItsNotoFont(title: String, family: String) {
        for font in [PosterPainter.FontSpec.bold(60), .light(22)] {
            #expect(PosterPainter.measure(title, font: font).families == [family], "\(title)")
        }
    }

    /// Kana make Han characters Japanese; Han alone is set in the Chinese font.
    @Test func familiesFollowTheScripts() {
        #expect(FontFamilies.list(for: "PARIS") == "Roboto")
        #expect(FontFamilies.list(for: "北京") == "Noto Sans CJK SC,Roboto")
        #expect(FontFamilies.list(for: "東京スカイツリー") == "Noto Sans CJK JP,Noto Sans CJK SC,Roboto")
        #expect(FontFamilies.list(for: "Cairo القاهرة") == "Noto Sans Arabic,Roboto")
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
