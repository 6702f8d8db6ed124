public import BlockingWork
public import Foundation
import OSM

/// A map data store in a local folder: `folder/manifest.json`, `folder/tiles/X/Y.tile`, read and written on a
/// ``BlockingWork/BlockingPool`` thread.
public struct FolderTileStorage: TileStorage {
    /// The store's folder.
    public let folder: URL
    /// Where the files are read and written.
    public let pool: BlockingPool

    /// Creates the storage of the store in `folder`, its file work on `pool`.
    public init(folder: URL, pool: BlockingPool) {
        self.folder = folder.standardizedFileURL
        self.pool = pool
    }

    public var location: String { folder.path }

    public func read(_ key: String) async throws -> Data? {
        let file = folder.appendingPathComponent(key)
        return try await pool.perform {
            guard FileManager.default.fileExists(atPath: file.path) else { return nil }
            do {
                return try Data(contentsOf: file)
            } catch {
                throw OSMError(
                    code: .fileUnreadable, message: "Could not read the map data store.", detail: file.path,
                    underlying: error)
            }
        }
    }

    /// Writes through a temporary file renamed into place, so a reader never sees half a tile.
    public func write(_ key: String, data: Data) async throws {
        let file = folder.appendingPathComponent(key)
        try await pool.perform {
            do {
                try FileManager.default.createDirectory(
                    at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: file, options: .atomic)
            } catch {
                throw OSMError(
                    code: .fileUnreadable, message: "Could not write the map data store.", detail: file.path,
                    underlying: error)
            }
        }
    }
}
