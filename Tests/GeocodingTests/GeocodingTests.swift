import Foundation
import Geocoding
import MapFeatures
import MapPosterTesting
import Testing

@Suite struct GazetteerTests {
    @Test func findsCitiesToleratingCaseAndAccents() throws {
        let gazetteer = try Gazetteer()
        #expect(gazetteer.count > 30_000)
        let helsinki = try gazetteer.lookup(city: "helsinki", country: "FINLAND")
        #expect(abs(helsinki.latitude - 60.1695) < 0.01 && abs(helsinki.longitude - 24.9354) < 0.01)
        #expect(try gazetteer.lookup(city: "HELSINKI", country: "fi") == helsinki)
        let zurich = try gazetteer.lookup(city: "zurich", country: "switzerland")
        #expect(try gazetteer.lookup(city: "Zürich", country: "Switzerland") == zurich)
        #expect(abs(zurich.latitude - 47.37) < 0.05)
        let saoPaulo = try gazetteer.lookup(city: "Sao Paulo", country: "Brazil")
        #expect(abs(saoPaulo.latitude + 23.55) < 0.1)
        // Paris, France (2M people) rather than Paris, Texas.
        let paris = try gazetteer.lookup(city: "Paris", country: "France")
        #expect(abs(paris.latitude - 48.85) < 0.05)
    }

    @Test func unknownPlacesUseTheOriginalsMessage() throws {
        let gazetteer = try Gazetteer()
        #expect(throws: GeocodingError.self) { try gazetteer.lookup(city: "Helsinki", country: "Brazil") }
        do {
            _ = try gazetteer.lookup(city: "Atlantis", country: "Ocean")
        } catch let error as GeocodingError {
            #expect(error.description == "Could not find coordinates for Atlantis, Ocean")
            #expect(error.code == .notFound)
        }
    }
}

/// Nominatim against `Tests/Servers/osm_server.py`, which answers `/search` from the fixture's names.
@Suite struct NominatimGeocoderTests {
    static func withServer(_ body: (String) async throws -> Void) async throws {
        try await ScriptServer.run(
            ScriptServer.script("osm_server.py"), arguments: [try Fixtures.helsinkiPBF.path], body)
    }

    @Test func findsAPlaceFromTheFixture() async throws {
        try await Self.withServer { base in
            let geocoder = NominatimGeocoder(configuration: .init(baseURL: "\(base)/ok", minimumInterval: 0.1))
            let point = try await geocoder.coordinates(city: "Helsinki", country: "Finland")
            // The fixture's `place` node named Helsinki.
            #expect(point == GeoPoint(latitude: 60.1713198, longitude: 24.9414566))
            do {
                _ = try await geocoder.coordinates(city: "Atlantis", country: "Ocean")
                Issue.record("expected an error")
            } catch let error as GeocodingError {
                #expect(error.code == .notFound)
                #expect(error.description == "Could not find coordinates for Atlantis, Ocean")
            }
        }
    }

    @Test func genericUserAgentsAreRefusedAsByTheRealServer() async throws {
        try await Self.withServer { base in
            let geocoder = NominatimGeocoder(configuration: .init(baseURL: "\(base)/ok", userAgent: "curl/8"))
            await #expect { try await geocoder.coordinates(city: "Helsinki", country: "Finland") } throws: { error in
                (error as? GeocodingError)?.code == .unavailable
            }
        }
    }

    @Test func fallsBackToTheGazetteerWhenUnreachable() async throws {
        let nominatim = NominatimGeocoder(configuration: .init(baseURL: "http://127.0.0.1:9", timeout: 2))
        let geocoder = FallbackGeocoder(primary: nominatim, fallback: try Gazetteer())
        let point = try await geocoder.coordinates(city: "Helsinki", country: "Finland")
        #expect(abs(point.latitude - 60.1695) < 0.01)
        let offline = try FallbackGeocoder.standard(environment: ["GEOCODER": "offline"])
        #expect(try await offline.coordinates(city: "tampere", country: "finland").latitude > 61)
    }

    @Test func timesOut() async throws {
        try await Self.withServer { base in
            let geocoder = NominatimGeocoder(configuration: .init(baseURL: "\(base)/slow-3", timeout: 0.5))
            await #expect { try await geocoder.coordinates(city: "Helsinki", country: "Finland") } throws: { error in
                (error as? GeocodingError)?.code == .unavailable
            }
        }
    }
}
