import JSON
import MapFeatures
import MapPosterTesting
import OSM
import PosterDesign
import PosterRequestOptions
import PosterSchema
import Testing

/// Issue 20's request fields: absent or null they leave the original's key; given, they enter it in declared order and
/// reach the renderer's options; out of range, the refusal names the field.
@Suite struct PosterExtrasTests {
    @Test func absentOrNullKeepsTheOriginalsKey() throws {
        for body in [
            #"{"city":"Paris","country":"France"}"#,
            #"{"city":"Paris","country":"France","text":null,"line_scale":null,"frame":null,"fade":null,"markers":null,"legend":null,"rotation":null,"north_arrow":null}"#,
        ] {
            let request = try PosterRequest(json: body)
            #expect(request.hash == "de2f3107e63f8a03ca04b1dd8d5bd2c6")
            #expect(request.dumped.object?.orderedKeys.count == 15)
        }
    }

    @Test func givenFieldsFollowPaperSizeInDeclaredOrder() throws {
        let request = try PosterRequest(
            json: #"""
                {"north_arrow":true,"rotation":30,"markers":[{"lon":24.94,"lat":60.17,"label":"Home"},{"lat":"60.2","lon":25}],
                 "legend":false,"fade":"top","frame":"yes","line_scale":2,"text":"title","city":"Paris","country":"France"}
                """#)
        #expect(
            request.canonicalJSON.hasSuffix(
                #""paper_size":"custom","text":"title","line_scale":2.0,"frame":true,"fade":"top","markers":[{"lat":60.17,"lon":24.94,"label":"Home"},{"lat":60.2,"lon":25.0,"label":""}],"legend":false,"rotation":30.0,"north_arrow":true}"#
            ))
        #expect(request.hash != "de2f3107e63f8a03ca04b1dd8d5bd2c6")
        let options = try request.posterOptions(
            theme: try Theme.named("noir"), center: GeoPoint(latitude: 60.17, longitude: 24.94), withCustomColors: true)
        #expect(options.text == .title && options.lineScale == 2 && options.frame && options.fade == .top)
        #expect(options.markers.map(\.label) == ["Home", ""] && !options.legend)
        #expect(options.rotation == 30 && options.northArrow)
    }

    @Test(
        arguments: [
            ("text", "loud", "Unknown text 'loud'"),
            ("fade", "left", "Unknown fade 'left'"),
            ("line_scale", 0, "Invalid line scale 0.0"),
            ("rotation", 1000, "Invalid rotation 1000.0°"),
            ("markers", .array([.object(JSONObject([("lat", 91), ("lon", 24.94)]))]), "Invalid marker at 91.0, 24.94"),
            ("gpx", "<gpx><trk>", "The GPX file is not valid XML (line 1"),
            ("gpx", "<gpx><trk/></gpx>", "The GPX file has no track or route points"),
            (
                "markers", .array(Array(repeating: .object(JSONObject([("lat", 60), ("lon", 24)])), count: 51)),
                "Too many markers (51)"
            ),
        ] as [(String, JSONValue, String)])
    func refusalsNameTheField(field: String, value: JSONValue, message: String) throws {
        var object = JSONObject([("city", "Helsinki"), ("country", "Finland")])
        object[field] = value
        try expectOptionsRefused(object, field: field, message: message)
    }

    /// A GPX route without a centre: the poster is centred on the route and sized to hold it; with a centre, only drawn.
    @Test func aRouteCentresAndSizesThePosterUnlessACentreIsGiven() async throws {
        let track = [[(60.1600, 24.9400), (60.1700, 24.9500), (60.1800, 24.9450)], [(60.1650, 24.9300)]]
        let gpx = GPXDocument.text(segments: track.map { $0.map { (latitude: $0.0, longitude: $0.1) } })
        let body = JSONObject([("city", "Helsinki"), ("country", "Finland"), ("gpx", .string(gpx))])
        let request = try PosterRequest(validating: .object(body))
        let route = try #require(try request.route())
        #expect(route.lines.map(\.count) == [3, 1])
        #expect(abs(route.center.latitude - 60.17) < 1e-9 && abs(route.center.longitude - 24.94) < 1e-9)
        let theme = try Theme.named("noir")
        let options = try request.posterOptions(theme: theme, center: route.center, withCustomColors: true)
        #expect(options.route == route.lines)
        // 12 × 16 in: the route's 2.2 km north–south, a tenth to spare, sets the distance (1113 m × 1.1).
        #expect(options.distance == options.distance(fitting: route.lines, within: 500...100_000))
        #expect(options.distance > 1200 && options.distance < 1250, "\(options.distance)")
        var centred = request
        (centred.latitude, centred.longitude) = (60.17, 24.94)
        let given = try centred.posterOptions(
            theme: theme, center: try #require(try centred.givenCenter()), withCustomColors: true)
        #expect(given.distance == 10_000 && given.route == route.lines)
    }

    @Test func aMarkerWithoutItsLatitudeIsAValidationError() {
        #expect {
            try PosterRequest(json: #"{"city":"a","country":"b","markers":[{"lon":24}]}"#)
        } throws: { error in
            guard let error = error as? PosterJobError else { return false }
            return error.code == .invalidRequest
                && error.issues.map(\.locationJSON) == [[.string("markers"), .int(0), .string("lat")]]
        }
    }
}
