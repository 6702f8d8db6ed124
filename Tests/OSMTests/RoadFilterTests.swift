import OSM
import Testing

/// OSMnx's "all" street filter: excluded `highway` values match as substrings, as its Overpass regex does.
@Suite struct RoadFilterTests {
    @Test(arguments: [
        (["highway": "primary"], true),
        (["highway": "footway", "area": "no"], true),
        (["highway": "residential", "area": "yes"], false),
        (["highway": "pedestrian", "area": "yes;no"], false),
        (["highway": "construction"], false),
        (["highway": "disused_raceway"], false),
        (["highway": "no"], false),
        (["highway": "service"], true),
        (["highway": "services"], false),
        (["highway": "ø"], true),
        (["railway": "rail"], false),
    ])
    func matches(_ tags: [String: String], _ expected: Bool) {
        #expect(RoadFilter.matches(tags) == expected)
    }
}
