import MapFeatures
import PosterDesign
import Testing

@testable import Render

@Suite struct PosterTextTests {
    private let paris = GeoPoint(latitude: 48.8566, longitude: 2.3522)

    @Test func latinTitleIsUpperCasedAndLetterSpaced() {
        let text = PosterText(labels: PosterLabels(city: "Paris", country: "France"), center: paris, scale: 1)
        #expect(text.title == "P  A  R  I  S")
        #expect(text.titleSize == 60)
        #expect(text.country == "FRANCE")
        #expect(text.countrySize == 22)
        #expect(text.coordinatesSize == 14)
        #expect(PosterText.letterSpaced("NEW YORK") == "N  E  W     Y  O  R  K")
    }

    @Test func longNamesShrinkByCodePoints() {
        let text = PosterText(labels: PosterLabels(city: "San Francisco"), center: paris, scale: 1)
        #expect(abs(text.titleSize - 60 * 10 / 13) < 1e-9)
        // "Saint-Étienne" written with a combining accent: 14 code points, 13 characters.
        let decomposed = "Saint-E\u{301}tienne"
        #expect(decomposed.count == 13)
        let shrunk = PosterText(labels: PosterLabels(city: decomposed), center: paris, scale: 1)
        #expect(abs(shrunk.titleSize - 60 * 10 / 14) < 1e-9)
        let tiny = PosterText(labels: PosterLabels(city: String(repeating: "a", count: 100)), center: paris, scale: 1)
        #expect(tiny.titleSize == 10)
    }

    @Test func nameLabelReplacesTheTitleAndCountryLabelTheCountry() {
        let labels = PosterLabels(city: "Paris", country: "France", nameLabel: "Lutèce", countryLabel: "Gaule")
        let text = PosterText(labels: labels, center: paris, scale: 0.5)
        #expect(text.title == "L  U  T  È  C  E")
        #expect(text.country == "GAULE")
        #expect(text.titleSize == 30)
    }

    @Test func nonLatinTitlesAreDrawnAsGiven() {
        for name in ["東京", "Москва", "القاهرة", "Αθήνα"] {
            #expect(!PosterText.isLatin(name))
            #expect(PosterText(labels: PosterLabels(city: name), center: paris, scale: 1).title == name)
        }
        #expect(PosterText.isLatin("São Paulo"))
        #expect(PosterText.isLatin("1234"))
    }

    @Test func coordinatesUseHemispheresAndNoMinusSign() {
        #expect(PosterText.coordinates(paris) == "48.8566° N / 2.3522° E")
        #expect(PosterText.coordinates(GeoPoint(latitude: 40.7128, longitude: -74.006)) == "40.7128° N / 74.0060° W")
        #expect(PosterText.coordinates(GeoPoint(latitude: -33.8688, longitude: 151.2093)) == "33.8688° S / 151.2093° E")
        #expect(!PosterText.coordinates(GeoPoint(latitude: -22.9068, longitude: -43.1729)).contains("-"))
    }
}
