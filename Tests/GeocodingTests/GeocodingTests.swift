import Foundation
import Geocoding
import MapFeatures
import MapPosterTesting
import Settings
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
        let error = try #require(throws: GeocodingError.self) {
            try gazetteer.lookup(city: "Atlantis", country: "Ocean")
        }
        #expect(error.description == "Could not find coordinates for Atlantis, Ocean")
        #expect(error.code == .notFound)
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
            let geocoder = NominatimGeocoder(
                configuration: .init(baseURL: "\(base)/ok", minimumInterval: 0.1), pool: .testing)
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
            let geocoder = NominatimGeocoder(
                configuration: .init(baseURL: "\(base)/ok", userAgent: "curl/8"), pool: .testing)
            await #expect { try await geocoder.coordinates(city: "Helsinki", country: "Finland") } throws: { error in
                (error as? GeocodingError)?.code == .unavailable
            }
        }
    }

    @Test func fallsBackToTheGazetteerWhenUnreachable() async throws {
        let nominatim = NominatimGeocoder(
            configuration: .init(baseURL: "http://127.0.0.1:9", timeout: 2), pool: .testing)
        let geocoder = FallbackGeocoder(primary: nominatim, fallback: try Gazetteer())
        let point = try await geocoder.coordinates(city: "Helsinki", country: "Finland")
        #expect(abs(point.latitude - 60.1695) < 0.01)
        let offline = try FallbackGeocoder.standard(
            nominatim: .standard(environment: ["GEOCODER": "offline"]), pool: .testing)
        #expect(offline is Gazetteer)
        #expect(try await offline.coordinates(city: "tampere", country: "finland").latitude > 61)
    }

    @Test func timesOut() async throws {
        try await Self.withServer { base in
            let geocoder = NominatimGeocoder(
                configuration: .init(baseURL: "\(base)/slow-3", timeout: 0.5), pool: .testing)
            await #expect { try await geocoder.coordinates(city: "Helsinki", country: "Finland") } throws: { error in
                (error as? GeocodingError)?.code == .unavailable
            }
        }
    }
}

/// The gazetteer knows places by the names people write: native scripts, English names, "City, country code".
@Suite struct GazetteerNameTests {
    static let gazetteer = Result { try Gazetteer() }

    /// Native and common names, with where they are (GeoNames' points, to within half a degree).
    static let places: [(name: String, country: String, latitude: Double, longitude: Double)] = [
        ("München", "", 48.14, 11.58), ("Munich", "Germany", 48.14, 11.58), ("Wien", "AT", 48.21, 16.37),
        ("東京", "", 35.69, 139.69), ("New York", "", 40.71, -74.01), ("London, UK", "", 51.51, -0.13),
        ("London", "GBR", 51.51, -0.13), ("Köln", "DE", 50.94, 6.96), ("Praha", "", 50.09, 14.42),
        ("Warszawa", "Poland", 52.23, 21.01), ("Lisboa", "", 38.72, -9.14), ("Roma", "IT", 41.89, 12.48),
        ("Milano", "", 45.46, 9.19), ("Napoli", "", 40.85, 14.27), ("København", "", 55.68, 12.57),
        ("Göteborg", "", 57.71, 11.97), ("Bruxelles", "", 50.85, 4.35), ("Genève", "", 46.20, 6.15),
        ("İstanbul", "", 41.01, 28.95), ("Bucureşti", "", 44.43, 26.10), ("Ciudad de México", "", 19.43, -99.13),
        ("Hà Nội", "", 21.02, 105.84),
    ]

    /// Fifty-odd cities in their own scripts.
    static let nativeScripts: [(name: String, latitude: Double, longitude: Double)] = [
        ("Москва", 55.75, 37.62), ("Санкт-Петербург", 59.94, 30.31), ("Київ", 50.45, 30.52), ("Мінск", 53.90, 27.57),
        ("София", 42.70, 23.32), ("Београд", 44.80, 20.47), ("Αθήνα", 37.98, 23.73), ("Θεσσαλονίκη", 40.64, 22.94),
        ("Алматы", 43.25, 76.92), ("Ташкент", 41.26, 69.22), ("Улаанбаатар", 47.91, 106.88),
        ("Новосибирск", 55.04, 82.93), ("القاهرة", 30.04, 31.24), ("الإسكندرية", 31.20, 29.92),
        ("الرياض", 24.69, 46.72), ("دبي", 25.26, 55.30), ("بغداد", 33.34, 44.40), ("تهران", 35.69, 51.42),
        ("کابل", 34.53, 69.17), ("کراچی", 24.86, 67.01), ("الدار البيضاء", 33.59, -7.62), ("عمان", 31.96, 35.95),
        ("ירושלים", 31.77, 35.22), ("תל אביב-יפו", 32.08, 34.78), ("मुंबई", 19.07, 72.88), ("कोलकाता", 22.57, 88.36),
        ("ঢাকা", 23.71, 90.41), ("சென்னை", 13.08, 80.27), ("ಬೆಂಗಳೂರು", 12.97, 77.59), ("काठमाडौं", 27.70, 85.32),
        ("กรุงเทพมหานคร", 13.75, 100.50), ("เชียงใหม่", 18.79, 98.98), ("ວຽງຈັນ", 17.96, 102.61),
        ("ភ្នំពេញ", 11.56, 104.92), ("ရန်ကုန်", 16.80, 96.16), ("北京", 39.91, 116.40), ("上海", 31.22, 121.46),
        ("广州", 23.12, 113.25), ("香港", 22.28, 114.16), ("台北", 25.05, 121.53), ("大阪", 34.69, 135.50),
        ("京都", 35.02, 135.75), ("札幌", 43.06, 141.35), ("名古屋", 35.18, 136.91), ("서울", 37.57, 126.98),
        ("부산", 35.10, 129.04), ("평양", 39.03, 125.75), ("თბილისი", 41.69, 44.83), ("Երևան", 40.18, 44.51),
        ("አዲስ አበባ", 9.02, 38.75), ("Ханой", 21.02, 105.84), ("Токио", 35.69, 139.69), ("Лондон", 51.51, -0.13),
        ("パリ", 48.85, 2.35),
    ]

    @Test func findsNativeAndEnglishNamesAndCountryCodes() throws {
        let gazetteer = try Self.gazetteer.get()
        for place in Self.places {
            let point = try gazetteer.lookup(city: place.name, country: place.country)
            #expect(
                abs(point.latitude - place.latitude) < 0.5 && abs(point.longitude - place.longitude) < 0.5,
                "\(place.name), \(place.country): \(point)")
        }
    }

    @Test func findsCitiesInTheirOwnScripts() throws {
        let gazetteer = try Self.gazetteer.get()
        #expect(Self.nativeScripts.count >= 50)
        for place in Self.nativeScripts {
            #expect(!place.name.unicodeScalars.allSatisfy { $0.value < 0x250 }, "\(place.name) is in Latin script")
            let point = try? gazetteer.lookup(city: place.name, country: "")
            #expect(
                point.map { abs($0.latitude - place.latitude) < 0.5 && abs($0.longitude - place.longitude) < 0.5 }
                    == true, "\(place.name): \(String(describing: point))")
        }
    }

    /// A country code after a comma narrows the search; an unknown or wrong country finds nothing.
    @Test func theCountryNarrowsTheSearch() throws {
        let gazetteer = try Self.gazetteer.get()
        let ontario = try gazetteer.lookup(city: "London, CA", country: "")
        #expect(abs(ontario.latitude - 42.98) < 0.1)
        #expect(try gazetteer.lookup(city: "london", country: "united kingdom").latitude > 51)
        #expect(throws: GeocodingError.self) { try gazetteer.lookup(city: "München", country: "France") }
        #expect(throws: GeocodingError.self) { try gazetteer.lookup(city: "Atlantis", country: "Nowhere") }
    }

    /// The resources stay small enough to ship in the binary's bundle.
    @Test func theDataStaysUnderEightMegabytes() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/Geocoding/Resources")
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: [.fileSizeKey])
        let bytes = try files.map { try $0.resourceValues(forKeys: [.fileSizeKey]).fileSize ?? 0 }.reduce(0, +)
        #expect(bytes < 8_000_000)
        #expect(try Self.gazetteer.get().count > 30_000)
    }
}
