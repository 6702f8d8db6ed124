import Foundation

extension APIDependencies {
    /// The dependencies the executable runs with, configured from ``APISettings/environment``:
    /// themes from `THEMES_DIR` (default `./themes`), posters from `MAPPOSTER_STORAGE_DIR`/`S3_BUCKET`
    /// with `S3_PUBLIC_URL` (defaults `./storage`, `posters`, `/minio_storage`).
    static func standard(settings: APISettings) throws -> APIDependencies {
        let environment = settings.environment
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        return APIDependencies(
            validator: BasicPosterRequestValidator(),
            themes: ThemeDirectoryCatalog(directory: URL(fileURLWithPath: value("THEMES_DIR") ?? "themes")),
            archive: DirectoryPosterArchive(
                directory: URL(fileURLWithPath: value("MAPPOSTER_STORAGE_DIR") ?? "storage"),
                bucket: value("S3_BUCKET") ?? "posters",
                publicBaseURL: value("S3_PUBLIC_URL") ?? "/minio_storage"))
    }
}
