import Foundation

/// The package's executables as `swift build` left them, for tests that run them as child processes.
package enum BuiltProducts {
    /// The path of the executable product `name` (`mapposter-worker`, `celery-test-worker`, …): beside the test
    /// bundle, where `swift build` puts every product of the same configuration and scratch path (`swift test`
    /// builds them all before it runs the tests).
    ///
    /// - Throws: when no such executable was built, naming where it looked.
    package static func executable(_ name: String) throws -> String {
        let bundle = Bundle.main.bundleURL
        let folders = [bundle, bundle.deletingLastPathComponent()]
        for folder in folders {
            let candidate = folder.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate.path }
        }
        throw CocoaError(
            .fileNoSuchFile,
            userInfo: [
                NSLocalizedDescriptionKey:
                    "\(name) was not built: looked in \(folders.map(\.path).joined(separator: ", ")); run swift build"
            ])
    }
}
