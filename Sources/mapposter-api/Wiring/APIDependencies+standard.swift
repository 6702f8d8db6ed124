import BlockingWork
import S3

extension APIDependencies {
    /// The dependencies the executable runs with: `PosterRequest`'s schema, the shipped themes, and the
    /// poster store of ``APISettings/storage``, the same one the worker uploads to, its blocking work on `pool`.
    static func standard(settings: APISettings, pool: BlockingPool) -> APIDependencies {
        APIDependencies(
            validator: PosterRequestSchemaValidator(),
            themes: RenderThemeCatalog(),
            archive: ObjectStorePosterArchive(configuration: settings.storage, pool: pool)
        )
    }
}
