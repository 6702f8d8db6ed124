import BlockingWork
import Foundation
import S3

/// The posters in the object store the worker uploads to: S3/MinIO when `S3_ENDPOINT_URL` is set, else the
/// filesystem store (`MAPPOSTER_STORAGE_DIR`), both as ``APISettings/storage`` says.
struct ObjectStorePosterArchive: PosterArchive {
    let store: any ObjectStore
    let bucket: String
    let publicBaseURL: String

    init(configuration: StorageConfiguration, pool: BlockingPool) {
        store = configuration.makeObjectStore(pool: pool)
        bucket = configuration.bucket
        publicBaseURL = configuration.publicBaseURL ?? "/minio_storage"
    }

    /// One listing page of up to 1,000 keys, as the original's single `list_objects_v2` call.
    func posters() async throws -> [ArchivedPoster] {
        try await store.list(prefix: "", continuationToken: nil, maxKeys: 1000).objects.map {
            ArchivedPoster(key: $0.key, lastModified: $0.lastModified)
        }
    }

    func checkHealth() async throws {
        _ = try await store.list(prefix: "", continuationToken: nil, maxKeys: 1)
    }
}
