public import Settings

extension RedisConfiguration {
    /// The broker and result backend as Celery and the Python original name them: `CELERY_BROKER_URL`, else
    /// `REDIS_URL`, else `defaultURL`, with `CELERY_BROKER_TRANSPORT_OPTIONS` (Sentinel's master name and password).
    /// A URL given on the command line (`option`, e.g. the worker's `--broker`) comes before them all.
    ///
    /// - Throws: `SettingError` naming the flag or the variable whose URL cannot be read.
    public init(
        environment: EnvironmentVariables, option: (flag: String, url: String)? = nil, defaultURL: String
    ) throws(SettingError) {
        let variable = environment["CELERY_BROKER_URL"] == nil ? "REDIS_URL" : "CELERY_BROKER_URL"
        do {
            try self.init(
                url: option?.url ?? environment[variable] ?? defaultURL,
                transportOptions: environment["CELERY_BROKER_TRANSPORT_OPTIONS"])
        } catch {
            throw SettingError(variable: option?.flag ?? variable, reason: error.message)
        }
    }
}
