import Foundation
import MapPosterTesting
import S3
import Settings
import Testing

/// The two stores the behaviour tests run on: the same test code checks both.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible {
    case fileSystem, s3

    var testDescription: String { rawValue }

    /// Runs `body` with a fresh, prepared store of this kind, and removes it afterwards.
    func withStore<T>(_ body: (any ObjectStore) async throws -> T) async throws -> T {
        switch self {
        case .fileSystem:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "mapposter-fs-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let store = FileSystemStore(
                directory: folder, bucket: "posters", publicBaseURL: "/minio_storage", pool: .testing)
            try await store.prepare()
            return try await body(store)
        case .s3:
            return try await MotoServer.withMotoServer { endpoint in
                let store = try StorageConfiguration(environment: [
                    "S3_ENDPOINT_URL": endpoint.absoluteString, "AWS_ACCESS_KEY_ID": "testing",
                    "AWS_SECRET_ACCESS_KEY": "testing", "S3_BUCKET": "posters",
                ]).makeObjectStore(pool: .testing)
                try await store.prepare()
                return try await body(store)
            }
        }
    }
}
