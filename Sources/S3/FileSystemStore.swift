public import BlockingWork
import Crypto
public import Foundation

/// An ``ObjectStore`` in a local folder: the embedded default when no `S3_ENDPOINT_URL` is set.
///
/// Objects live at `directory/bucket/key`, so a static file server rooted at `directory` serves them
/// under the same `/{bucket}/{key}` paths as MinIO. Each object's content type is kept beside it
/// in `directory/.metadata/bucket/key.json`. Writes go to a temporary file that is renamed into
/// place, so readers never see half an object. Every file operation runs on a ``BlockingWork/BlockingPool``
/// thread (a poster can be many megabytes), never on the cooperative pool.
///
/// Public URLs are `publicBaseURL/bucket/key` when a base is set (the S3 rule), otherwise `file://` URLs.
public final class FileSystemStore: ObjectStore {
    /// The root folder.
    public let directory: URL
    /// The bucket: the folder inside ``directory`` that holds the objects.
    public let bucket: String
    /// The base of public URLs, or `nil` for `file://` URLs.
    public let publicBaseURL: String?
    /// Where the file operations run.
    public let pool: BlockingPool

    /// Creates a store; nothing is written until ``prepare()`` or the first ``put(_:data:contentType:)``.
    ///
    /// - Parameters:
    ///   - directory: the root folder.
    ///   - bucket: the folder inside `directory` that holds the objects. Defaults to `posters`.
    ///   - publicBaseURL: the base of public URLs, or `nil` for `file://` URLs. Defaults to `nil`.
    ///   - pool: where the file operations run.
    public init(directory: URL, bucket: String = "posters", publicBaseURL: String? = nil, pool: BlockingPool) {
        self.directory = directory.standardizedFileURL
        self.bucket = bucket
        self.publicBaseURL = publicBaseURL
        self.pool = pool
    }

    private var bucketFolder: URL { directory.appendingPathComponent(bucket, isDirectory: true) }
    private var metadataFolder: URL {
        directory.appendingPathComponent(".metadata", isDirectory: true).appendingPathComponent(
            bucket, isDirectory: true)
    }

    public func prepare() async throws {
        let folder = bucketFolder
        try await fileOperation("prepare", bucket) {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
    }

    public func publicURL(for key: String) -> String {
        if let publicBaseURL { return StorageConfiguration.publicURL(base: publicBaseURL, bucket: bucket, key: key) }
        return directory.appendingPathComponent(bucket, isDirectory: true).appendingPathComponent(key).absoluteString
    }

    public func presignedURL(for key: String, expiresIn: Int) -> String? { nil }

    public func head(_ key: String) async throws -> ObjectInfo? {
        let file = try fileURL(key, "HeadObject")
        return try await fileOperation("HeadObject", key) { [self] in info(key, file: file) }
    }

    public func put(_ key: String, data: Data, contentType: String) async throws {
        let file = try fileURL(key, "PutObject")
        let metadataFile = metadataURL(key)
        try await fileOperation("PutObject", key) {
            let metadata = Metadata(contentType: contentType, etag: Self.md5Hex(data))
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: file, options: .atomic)
            try FileManager.default.createDirectory(
                at: metadataFile.deletingLastPathComponent(), withIntermediateDirectories: true)
            try JSONEncoder().encode(metadata).write(to: metadataFile, options: .atomic)
        }
    }

    public func get(_ key: String) async throws -> StoredObject? {
        let file = try fileURL(key, "GetObject")
        return try await fileOperation("GetObject", key) { [self] in
            guard let info = info(key, file: file) else { return nil }
            let data = try Data(contentsOf: file)
            return StoredObject(
                info: ObjectInfo(
                    key: key, size: data.count, lastModified: info.lastModified,
                    contentType: info.contentType, etag: info.etag), data: data)
        }
    }

    public func delete(_ key: String) async throws {
        let file = try fileURL(key, "DeleteObject")
        let metadataFile = metadataURL(key)
        try await fileOperation("DeleteObject", key) {
            for url in [file, metadataFile] where FileManager.default.fileExists(atPath: url.path) {
                try FileManager.default.removeItem(at: url)
            }
        }
    }

    /// Lists in ascending UTF-8 key order; the continuation token is the last key of the page.
    public func list(prefix: String, continuationToken: String?, maxKeys: Int) async throws -> ObjectListing {
        let pageSize = min(max(maxKeys, 1), 1000)
        return try await fileOperation("ListObjectsV2", bucket) { [self] in
            guard FileManager.default.fileExists(atPath: bucketFolder.path) else {
                // As S3 answers for a bucket that does not exist (it is made by `prepare()`).
                throw StorageError(
                    code: .fileSystem, operation: "ListObjectsV2", target: bucket, serverCode: "NoSuchBucket")
            }
            let keys = try allKeys().filter { $0.hasPrefix(prefix) }.sorted(by: Self.utf8Order)
            let remaining = keys.drop { key in continuationToken.map { !Self.utf8Order($0, key) } ?? false }
            let page = Array(remaining.prefix(pageSize))
            let objects = page.compactMap { key in
                info(key, file: bucketFolder.appendingPathComponent(key)).map { info in
                    var info = info
                    info.contentType = nil
                    return info
                }
            }
            let token = remaining.count > pageSize ? page.last : nil
            return ObjectListing(objects: objects, nextContinuationToken: token)
        }
    }

    // MARK: - Files

    private struct Metadata: Codable {
        var contentType: String
        var etag: String
    }

    /// What is known of the object of `key` at `file`, or `nil` when there is none (blocking).
    private func info(_ key: String, file: URL) -> ObjectInfo? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: file.path),
            attributes[.type] as? FileAttributeType == .typeRegular
        else { return nil }
        let metadata = readMetadata(key)
        return ObjectInfo(
            key: key, size: (attributes[.size] as? NSNumber)?.intValue ?? 0,
            lastModified: Self.wholeSeconds(attributes[.modificationDate] as? Date ?? Date()),
            contentType: metadata?.contentType, etag: metadata?.etag)
    }

    /// The file of `key`, after checking that the key stays inside the bucket folder.
    private func fileURL(_ key: String, _ operation: String) throws -> URL {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        guard !key.isEmpty, !key.hasPrefix("/"), !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." })
        else { throw StorageError(code: .invalidKey, operation: operation, target: key) }
        return bucketFolder.appendingPathComponent(key)
    }

    private func metadataURL(_ key: String) -> URL { metadataFolder.appendingPathComponent(key + ".json") }

    private func readMetadata(_ key: String) -> Metadata? {
        guard let data = try? Data(contentsOf: metadataURL(key)) else { return nil }
        return try? JSONDecoder().decode(Metadata.self, from: data)
    }

    private func allKeys() throws -> [String] {
        let root = bucketFolder
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        else { return [] }
        let rootPath = root.standardizedFileURL.path + "/"
        var keys: [String] = []
        for case let url as URL in enumerator {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            let path = url.standardizedFileURL.path
            guard path.hasPrefix(rootPath) else { continue }
            let key = String(path.dropFirst(rootPath.count))
            // Data.write(options: .atomic) leaves no temporaries behind, but skip any foreign dot files.
            if key.split(separator: "/").last?.hasPrefix(".") == true { continue }
            keys.append(key)
        }
        return keys
    }

    /// Runs `body` on the pool; a failure becomes a ``StorageError`` of `operation` on `target` (a ``StorageError`` and
    /// a cancellation stay as they are).
    private func fileOperation<T: Sendable>(
        _ operation: String, _ target: String, _ body: @escaping @Sendable () throws -> T
    ) async throws -> T {
        do {
            return try await pool.perform(body)
        } catch let error as StorageError {
            throw error
        } catch let error as CancellationError {
            throw error
        } catch {
            throw StorageError(code: .fileSystem, operation: operation, target: target, underlying: error)
        }
    }

    static func utf8Order(_ lhs: String, _ rhs: String) -> Bool {
        Array(lhs.utf8).lexicographicallyPrecedes(Array(rhs.utf8))
    }

    static func wholeSeconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }

    static func md5Hex(_ data: Data) -> String {
        Insecure.MD5.hash(data: data).map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }
}
