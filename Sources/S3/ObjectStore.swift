public import Foundation

/// Where posters are stored: an S3 bucket (``S3Store``) or a local folder (``FileSystemStore``).
///
/// Keys are the object names at the bucket root, such as `paris_noir_fc508b37.png`. Listing is in
/// ascending UTF-8 order of keys and paginated like S3's `ListObjectsV2`.
public protocol ObjectStore: Sendable {
    /// Creates what the store needs (the bucket with its anonymous-read policy and expiration rule, or
    /// the folder). Safe to call again.
    func prepare() async throws

    /// The object's metadata, or `nil` when there is no object under `key`.
    func head(_ key: String) async throws -> ObjectInfo?

    /// Stores `data` under `key` with the given `Content-Type`, replacing any object there.
    func put(_ key: String, data: Data, contentType: String) async throws

    /// The object's metadata and bytes, or `nil` when there is no object under `key`.
    func get(_ key: String) async throws -> StoredObject?

    /// One page of keys that start with `prefix`.
    ///
    /// - Parameters:
    ///   - prefix: only keys starting with it. Defaults to all keys.
    ///   - continuationToken: ``ObjectListing/nextContinuationToken`` of the previous page, or `nil` for the first.
    ///   - maxKeys: the page size, at most 1,000 (S3's limit).
    func list(prefix: String, continuationToken: String?, maxKeys: Int) async throws -> ObjectListing

    /// Removes the object under `key`; removing a missing object succeeds.
    func delete(_ key: String) async throws

    /// The URL the browser opens for `key`, the Python original's `file_url`.
    func publicURL(for key: String) -> String

    /// A time-limited URL for a private bucket, or `nil` when the store cannot make one.
    ///
    /// - Parameter expiresIn: the validity in seconds.
    func presignedURL(for key: String, expiresIn: Int) -> String?
}

extension ObjectStore {
    /// One page of keys with `prefix`, 1,000 at most.
    public func list(prefix: String = "", continuationToken: String? = nil) async throws -> ObjectListing {
        try await list(prefix: prefix, continuationToken: continuationToken, maxKeys: 1000)
    }

    /// Every object whose key starts with `prefix`, following continuation tokens to the end.
    public func listAll(prefix: String = "", pageSize: Int = 1000) async throws -> [ObjectInfo] {
        var objects: [ObjectInfo] = []
        var token: String?
        repeat {
            let page = try await list(prefix: prefix, continuationToken: token, maxKeys: pageSize)
            objects += page.objects
            token = page.nextContinuationToken
        } while token != nil
        return objects
    }
}
