public import BlockingWork
public import Foundation

/// Stores fetched map data by key, so a repeated poster does not hit Overpass again.
///
/// Keys are short hex strings derived from the source, box and filters (see ``FetchCacheKey``).
/// Implementations: ``DirectoryFetchCache`` (a local folder); an object-store one can conform
/// too, keeping workers stateless.
public protocol FetchCache: Sendable {
    /// The stored bytes for `key`, or `nil`.
    func data(forKey key: String) async throws -> Data?
    /// Stores `data` under `key`, replacing what was there.
    func store(_ data: Data, forKey key: String) async throws
}

/// Cache keys: a 128-bit FNV-1a digest of the text that identifies a fetch, in hex.
public enum FetchCacheKey {
    /// The key for `source` (e.g. `"overpass"`) and `query` (the QL text: box and filters).
    public static func make(source: String, query: String) -> String {
        let bytes = Array("\(source)\n\(query)".utf8)
        func fnv(_ seed: UInt64) -> UInt64 {
            var hash = seed
            for byte in bytes {
                hash ^= UInt64(byte)
                hash &*= 0x100_0000_01b3
            }
            return hash
        }
        let high = fnv(0xcbf2_9ce4_8422_2325)
        let low = fnv(0x8422_2325_cbf2_9ce4)
        return String(format: "%016llx%016llx", high, low)
    }
}

/// A ``FetchCache`` in a local directory: one file per key, written atomically, read and written on a
/// ``BlockingWork/BlockingPool`` thread.
public struct DirectoryFetchCache: FetchCache {
    public let directory: URL
    /// Where the files are read and written.
    public let pool: BlockingPool

    /// - Parameters:
    ///   - directory: created on first store if missing.
    ///   - pool: where the files are read and written.
    public init(directory: URL, pool: BlockingPool) {
        self.directory = directory
        self.pool = pool
    }

    public func data(forKey key: String) async throws -> Data? {
        let file = directory.appendingPathComponent(key)
        return try await pool.perform {
            guard FileManager.default.fileExists(atPath: file.path) else { return nil }
            do {
                return try Data(contentsOf: file)
            } catch {
                throw OSMError(code: .cacheFailed, message: "Could not read the map data cache.", detail: file.path)
            }
        }
    }

    public func store(_ data: Data, forKey key: String) async throws {
        let directory = directory
        try await pool.perform {
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                try data.write(to: directory.appendingPathComponent(key), options: .atomic)
            } catch {
                throw OSMError(
                    code: .cacheFailed, message: "Could not write the map data cache.", detail: directory.path)
            }
        }
    }
}
