/// Writes GPX 1.1 documents for tests: routes built from real ways of a fixture, as a GPS logger writes them.
package enum GPXDocument {
    /// A GPX 1.1 document with one track whose segments are `segments` (latitude, longitude pairs, printed so that
    /// they read back exactly), and a route (`rte`) of `route` when given.
    package static func text(
        segments: [[(latitude: Double, longitude: Double)]], route: [(latitude: Double, longitude: Double)] = []
    ) -> String {
        var text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <gpx version="1.1" creator="MapPosterTesting" xmlns="http://www.topografix.com/GPX/1/1">
              <metadata><name>Test route</name></metadata>
              <wpt lat="0" lon="0"><name>A waypoint, not part of the line</name></wpt>
              <trk><name>Run</name>

            """
        for segment in segments {
            text += "    <trkseg>\n"
            for point in segment {
                text += "      <trkpt lat=\"\(point.latitude)\" lon=\"\(point.longitude)\"><ele>12.5</ele></trkpt>\n"
            }
            text += "    </trkseg>\n"
        }
        text += "  </trk>\n"
        if !route.isEmpty {
            text += "  <rte>\n"
            for point in route { text += "    <rtept lat=\"\(point.latitude)\" lon=\"\(point.longitude)\"/>\n" }
            text += "  </rte>\n"
        }
        return text + "</gpx>\n"
    }
}
