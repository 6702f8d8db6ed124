public import Foundation

/// Where a map data store's objects live: a folder (``FolderTileStorage``) or an S3 prefix (``ObjectTileStorage``).
///
/// Keys are relative paths such as `manifest.json` and `tiles/2049/1502.tile`.
public protocol TileStorage: Sendable {
    /// Names the store in messages and cache keys, e.g. `/data/finland` or `s3://osm/finland`.
    var location: String { get }

    /// The object's bytes, or `nil` when the store has no object under `key`.
    func read(_ key: String) async throws -> Data?

    /// Stores `data` under `key`, replacing any object there.
    func write(_ key: String, data: Data) async throws
}
