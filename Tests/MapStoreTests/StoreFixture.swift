import Foundation
import MapPosterTesting
import OSM

@testable import MapStore

/// The Helsinki fixture imported once per test run into a folder store with 0.002° tiles (about 220 × 110 m), so
/// its 1.7 × 1.0 km hold about 70 tiles and a small poster's box reads a few of them across their edges.
enum StoreFixture {
    /// The fixture's tile size in degrees.
    static let tileSize = 0.002

    /// The folder store of the fixture.
    static var folder: URL {
        get async throws { try await imported.value }
    }

    private static let imported = Task { () throws -> URL in
        let folder = temporaryFolder()
        _ = try await StoreImporter(tileSize: tileSize, pool: .testing).importExtract(
            PBFFile(url: try Fixtures.helsinkiPBF), into: FolderTileStorage(folder: folder, pool: .testing))
        return folder
    }

    /// A new empty folder under the system's temporary folder.
    static func temporaryFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("mapposter-store-\(UUID().uuidString)")
    }

    /// A copy of the fixture store that a test may damage.
    static func copy() async throws -> URL {
        let copy = temporaryFolder()
        try FileManager.default.copyItem(at: try await folder, to: copy)
        return copy
    }
}
