import Foundation

/// Posters kept in a local folder, `<directory>/<bucket>/<key>` (the embedded storage when no S3 endpoint
/// is set, `MAPPOSTER_STORAGE_DIR`, default `./storage`), listed by modification time.
struct DirectoryPosterArchive: PosterArchive {
    let directory: URL
    let bucket: String
    let publicBaseURL: String

    func posters() async throws -> [ArchivedPoster] {
        let folder = directory.appendingPathComponent(bucket)
        let files = try FileManager.default.contentsOfDirectory(
            at: folder, includingPropertiesForKeys: [.contentModificationDateKey, .isRegularFileKey])
        return try files.prefix(1000).compactMap { file in
            let values = try file.resourceValues(forKeys: [.contentModificationDateKey, .isRegularFileKey])
            guard values.isRegularFile == true, let date = values.contentModificationDate else { return nil }
            return ArchivedPoster(key: file.lastPathComponent, lastModified: date)
        }
    }

    func checkHealth() async throws {
        var isDirectory: ObjCBool = false
        let folder = directory.appendingPathComponent(bucket)
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            throw APISettingsError(variable: "MAPPOSTER_STORAGE_DIR", reason: "\(folder.path) is not a folder")
        }
    }
}
