import OSM
import Testing

/// OSMnx's `tags` semantics: keys ORed, a value list or any value; elements with a few tags and with many give the
/// same answers (a few are scanned, many are looked up).
@Suite struct TagFilterTests {
    static let extra = ["name": "Esplanadi", "source": "survey", "surface": "asphalt", "lit": "yes", "ref": "1"]

    @Test(arguments: [
        (TagFilter.water, ["natural": "water"], true),
        (TagFilter.water, ["waterway": "riverbank"], true),
        (TagFilter.water, ["natural": "wood", "waterway": "riverbank"], true),
        (TagFilter.water, ["natural": "wood"], false),
        (TagFilter.water, ["water": "lake"], false),
        (TagFilter(["building": []]), ["building": "yes"], true),
        (TagFilter(["building": []]), ["building:part": "yes"], false),
        (TagFilter.parks, [:], false),
    ])
    func matches(_ filter: TagFilter, _ tags: [String: String], _ expected: Bool) {
        #expect(filter.matches(tags) == expected)
        #expect(filter.matches(tags.merging(Self.extra) { current, _ in current }) == expected)
    }
}
