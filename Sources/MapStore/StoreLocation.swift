public import BlockingWork
import Foundation
public import OSM
public import S3

/// Parses where a map data store lives, as `OSM_DATA` and `mapposter … --data` name it.
public enum StoreLocation {
    /// The storage named by `text`: `s3://bucket/prefix` in the S3 server of `s3` (its endpoint and credentials;
    /// its bucket is replaced by `bucket`), otherwise a folder path. Its blocking work (files, S3 transfers) runs
    /// on `pool`.
    ///
    /// - Throws: ``OSM/OSMError`` with code `fileUnreadable` for an `s3://` location without a bucket, or when `s3`
    ///   names no S3 server (no `S3_ENDPOINT_URL`).
    public static func storage(_ text: String, s3: StorageConfiguration, pool: BlockingPool) throws(OSMError)
        -> any TileStorage
    {
        guard text.hasPrefix("s3://") else {
            return FolderTileStorage(folder: URL(fileURLWithPath: text), pool: pool)
        }
        let path = text.dropFirst("s3://".count)
        let bucket = String(path.prefix { $0 != "/" })
        let prefix = String(path.dropFirst(bucket.count).drop { $0 == "/" })
        var configuration = s3
        guard !bucket.isEmpty, configuration.endpoint != nil else {
            throw OSMError(
                code: .fileUnreadable,
                message: "Could not open the map data store.",
                detail: "\(text): an s3:// store needs a bucket name and S3_ENDPOINT_URL")
        }
        configuration.bucket = bucket
        return ObjectTileStorage(store: configuration.makeObjectStore(pool: pool), bucket: bucket, prefix: prefix)
    }
}
