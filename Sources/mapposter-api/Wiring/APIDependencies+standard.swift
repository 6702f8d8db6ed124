import BlockingWork
import S3

extension APIDependencies {
    /// The dependencies the executable runs with: `PosterRequest`'s schema, the renderer's themes, and the
    /// poster store configured from ``APISettings/environment`` (`S3_ENDPOINT_URL`, `S3_BUCKET`, `S3_PUBLIC_URL`,
    /// `AWS_*`, `MAPPOSTER_STORAGE_DIR`), the same one the worker uploads to, its blocking work on `pool`.
    static func standard(settings: APISettings, pool: BlockingPool) throws -> APIDependencies {
        APIDependencies(
            validator: PosterRequestSchemaValidator(),
            themes: RenderThemeCatalog(),
            archive: ObjectStorePosterArchive(
                configuration: try StorageConfiguration(environment: settings.environment), pool: pool)
        )
    }
}
