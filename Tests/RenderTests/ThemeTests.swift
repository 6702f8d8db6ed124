import Foundation
import MapFeatures
import PosterDesign
import Testing

@Suite struct ThemeTests {
    @Test func shipsTheSeventeenThemesOfTheWebForkSorted() {
        #expect(
            Theme.ids == [
                "autumn", "blueprint", "contrast_zones", "copper_patina", "feature_based", "forest", "gradient_roads",
                "japanese_ink", "midnight_blue", "monochrome_blue", "neon_cyberpunk", "noir", "ocean", "pastel_dream",
                "sunset", "terracotta", "warm_beige",
            ]
        )
        #expect(Theme.all.map(\.id) == Theme.ids)
    }

    @Test func readsTheOriginalsKeys() throws {
        let noir = try Theme.named("noir")
        #expect(noir.name == "Noir")
        #expect(noir.background.hex == "#000000")
        #expect(noir.text.hex == "#FFFFFF")
        #expect(noir.gradient.hex == "#000000")
        #expect(noir.water.hex == "#0A0A0A")
        #expect(noir.parks.hex == "#111111")
        #expect(noir.color(for: .motorway).hex == "#FFFFFF")
        #expect(noir.color(for: .primary).hex == "#E0E0E0")
        #expect(noir.color(for: .secondary).hex == "#B0B0B0")
        #expect(noir.color(for: .tertiary).hex == "#808080")
        #expect(noir.color(for: .residential).hex == "#505050")
        #expect(noir.color(for: .default).hex == "#808080")
        let autumn = try Theme.named("autumn")
        #expect(autumn.description == "Burnt oranges, deep reds, golden yellows - seasonal warmth")
        #expect(autumn.color(for: .default) == autumn.color(for: .secondary))
    }

    @Test func emptyIdMeansTheWebForksDefault() throws {
        #expect(try Theme.named("").id == "feature_based")
    }

    @Test func unknownThemeListsTheIds() {
        #expect {
            try Theme.named("../etc/passwd")
        } throws: { error in
            let error = error as? RenderError
            return error?.code == .unknownTheme && error?.message.contains("warm_beige") == true
        }
    }

    @Test func missingRoadKeysFallBackToTheWebForksDefaults() throws {
        let json = Data(##"{"name": "Bare", "bg": "#FFFFFF", "text": "#000000"}"##.utf8)
        let theme = try Theme(id: "bare", json: json)
        #expect(theme.color(for: .residential).hex == "#444444")
        #expect(theme.color(for: .default).hex == "#333333")
        #expect(theme.gradient == theme.background)
        #expect(throws: RenderError.self) { try Theme(id: "broken", json: Data("{".utf8)) }
    }

    @Test func customColoursOverrideAndTheFadeFollowsTheBackground() throws {
        let red = try RGBColor(hex: "#ff0000")
        let custom = ColorOverrides(
            background: try RGBColor(hex: "#123456"),
            water: red,
            parks: red,
            roads: try RGBColor(hex: "#00ff00"),
            text: red
        )
        let theme = try Theme.named("noir").applying(custom)
        #expect(theme.background.hex == "#123456")
        #expect(theme.gradient.hex == "#123456")
        #expect(theme.water == red && theme.parks == red && theme.text == red)
        #expect(RoadClass.allCases.allSatisfy { theme.color(for: $0).hex == "#00FF00" })
        let untouched = try Theme.named("noir").applying(ColorOverrides())
        #expect(untouched == (try Theme.named("noir")))
    }

    @Test func parsesHexColours() throws {
        #expect(try RGBColor(hex: "#abc").hex == "#AABBCC")
        #expect(try RGBColor(hex: "3498db").hex == "#3498DB")
        #expect(try RGBColor(hex: "#3498db80").alpha == Double(0x80) / 255)
        for bad in ["", "#12", "#12345", "#gggggg", "red"] {
            #expect(throws: RenderError.self) { try RGBColor(hex: bad) }
        }
    }
}
