public import Foundation
public import S3

/// A map data store under a key prefix of an ``S3/ObjectStore``, one object per tile: what lets any number of
/// workers on any number of machines share one import.
///
/// Use a bucket without an expiration rule: the posters bucket's rule (`S3_EXPIRE_DAYS`) would delete the store.
public struct ObjectTileStorage: TileStorage {
    /// The store holding the objects.
    public let store: any ObjectStore
    /// The bucket's name, for ``location``.
    public let bucket: String
    /// Prepended to every key: empty, or a path ending in `/`.
    public let prefix: String

    /// Creates a storage; `prefix` gets a trailing `/` when it has none.
    public init(store: any ObjectStore, bucket: String, prefix: String) {
        self.store = store
        self.bucket = bucket
        self.prefix = prefix.isEmpty || prefix.hasSuffix("/") ? prefix : prefix + "/"
    }

    public var location: String { "s3://\(bucket)/\(prefix)" }

    public func read(_ key: String) async throws -> Data? {
        try await store.get(prefix + key)?.data
    }

    public func write(_ key: String, data: Data) async throws {
        let type = key.hasSuffix(".json") ? "application/json" : "application/octet-stream"
        try await store.put(prefix + key, data: data, contentType: type)
    }
}
