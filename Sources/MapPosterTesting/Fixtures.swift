package import Foundation

/// Locates the real data in `shared/fixtures/` that tests and benchmarks read.
///
/// The fixtures are never copied into the repository: CI lays `shared/` beside the clone, and
/// developers have it beside their work tree. `MAPPOSTER_FIXTURES` overrides the search.
package enum Fixtures {
    /// The `shared/fixtures` folder, found from `MAPPOSTER_FIXTURES` or by walking up from `start`.
    ///
    /// - Parameter start: where to begin the upward search; defaults to this source file's folder.
    /// - Returns: the folder's URL, or `nil` when no `shared/fixtures` exists above `start`.
    package static func directory(searchingUpFrom start: String = #filePath) -> URL? {
        if let override = ProcessInfo.processInfo.environment["MAPPOSTER_FIXTURES"] {
            return URL(fileURLWithPath: override, isDirectory: true)
        }
        var folder = URL(fileURLWithPath: start).deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("shared/fixtures", isDirectory: true)
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            folder.deleteLastPathComponent()
        }
        return nil
    }

    /// The real OpenStreetMap extract of central Helsinki (24,260 nodes, 5,130 ways, 620 relations).
    package static var helsinkiPBF: URL {
        get throws {
            guard let directory = directory() else { throw FixtureError.notFound("shared/fixtures") }
            let file = directory.appendingPathComponent("osm/helsinki-center.osm.pbf")
            guard FileManager.default.fileExists(atPath: file.path) else { throw FixtureError.notFound(file.path) }
            return file
        }
    }
}

/// A fixture the tests need is missing from this machine.
package enum FixtureError: Error, CustomStringConvertible {
    case notFound(String)

    package var description: String {
        switch self {
        case .notFound(let path): "fixture not found: \(path) (set MAPPOSTER_FIXTURES to the shared/fixtures folder)"
        }
    }
}
