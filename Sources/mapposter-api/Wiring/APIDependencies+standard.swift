import S3

extension APIDependencies {
    /// The dependencies the executable runs with: `PosterRequest`'s schema, the shipped themes, and the
    /// poster store of ``APISettings/storage``, the same one the worker uploads to.
    static func standard(settings: APISettings) -> APIDependencies {
        APIDependencies(
            validator: PosterRequestSchemaValidator(),
            themes: RenderThemeCatalog(),
            archive: ObjectStorePosterArchive(configuration: settings.storage)
        )
    }
}
