public import BlockingWork
public import Foundation
public import Settings

/// How posters are stored: in an S3 bucket when ``endpoint`` is set, otherwise in a local folder.
///
/// Build it from the environment with ``init(environment:)``; the names and defaults are the Python
/// original's (maptoposter-web §5), plus ``expirationDays`` for the cleanup it only promised.
public struct StorageConfiguration: Sendable, Equatable, CustomStringConvertible {
    /// The S3 endpoint (`S3_ENDPOINT_URL`), such as `http://minio:9000`; `nil` selects the file store.
    public var endpoint: URL?
    /// The bucket (`S3_BUCKET`). Defaults to `posters`.
    public var bucket: String
    /// The base of public URLs (`S3_PUBLIC_URL`): `file_url` is `base.rstrip("/") + "/" + bucket + "/" + key`,
    /// unencoded. Defaults to `/minio_storage` with an endpoint, and to `file://` URLs without one.
    public var publicBaseURL: String?
    /// The key pair (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`). Defaults to
    /// MinIO's `minioadmin` / `minioadminpassword`, as in the original.
    public var credentials: AWSCredentials
    /// The signing region (`AWS_REGION`, else `AWS_DEFAULT_REGION`). Defaults to `us-east-1`.
    public var region: String
    /// Days after which objects expire through a bucket lifecycle rule (`S3_EXPIRE_DAYS`); `0` sets no rule.
    /// Defaults to `1`.
    public var expirationDays: Int
    /// The folder of the file store (`MAPPOSTER_STORAGE_DIR`); objects go to `directory/bucket/key`.
    /// Defaults to `./storage`.
    public var directory: URL
    /// The time limit of one S3 request, in seconds. Defaults to `60`.
    public var requestTimeout: TimeInterval

    /// Creates a configuration; every default is stated on its property.
    public init(
        endpoint: URL? = nil,
        bucket: String = "posters",
        publicBaseURL: String? = nil,
        credentials: AWSCredentials = AWSCredentials(accessKeyID: "minioadmin", secretAccessKey: "minioadminpassword"),
        region: String = "us-east-1",
        expirationDays: Int = 1,
        directory: URL = URL(fileURLWithPath: "storage", isDirectory: true),
        requestTimeout: TimeInterval = 60
    ) {
        self.endpoint = endpoint
        self.bucket = bucket
        self.publicBaseURL = publicBaseURL
        self.credentials = credentials
        self.region = region
        self.expirationDays = expirationDays
        self.directory = directory
        self.requestTimeout = requestTimeout
    }

    public var description: String {
        if let endpoint {
            return "S3(endpoint: \(endpoint.absoluteString), bucket: \(bucket), region: \(region), "
                + "accessKeyID: \(credentials.accessKeyID), expirationDays: \(expirationDays))"
        }
        return "FileSystem(directory: \(directory.path), bucket: \(bucket))"
    }
}

extension StorageConfiguration {
    /// Reads the configuration from environment variables, by the rule of ``Settings/EnvironmentVariables``:
    /// an empty variable counts as unset, except `S3_PUBLIC_URL=`, which gives root-relative URLs
    /// (`/posters/key`) as the Python original's empty base does.
    ///
    /// - Throws: ``Settings/SettingError`` for an `S3_ENDPOINT_URL` that is not an `http(s)://host` URL or an
    ///   `S3_EXPIRE_DAYS` that is not a non-negative integer.
    public init(environment: EnvironmentVariables) throws(SettingError) {
        self.init()
        let endpoint = try environment.value("S3_ENDPOINT_URL", expected: "an http:// or https:// URL with a host") {
            text in
            URL(string: text).flatMap { url in
                ["http", "https"].contains(url.scheme?.lowercased() ?? "") && url.host != nil ? url : nil
            }
        }
        if let endpoint {
            self.endpoint = endpoint
            publicBaseURL = "/minio_storage"
        }
        if let bucket = environment["S3_BUCKET"] { self.bucket = bucket }
        if let base = environment.verbatim("S3_PUBLIC_URL") { publicBaseURL = base }
        credentials = AWSCredentials(
            accessKeyID: environment["AWS_ACCESS_KEY_ID"] ?? credentials.accessKeyID,
            secretAccessKey: environment["AWS_SECRET_ACCESS_KEY"] ?? credentials.secretAccessKey,
            sessionToken: environment["AWS_SESSION_TOKEN"])
        region = environment.first("AWS_REGION", "AWS_DEFAULT_REGION") ?? region
        expirationDays = try environment.integer("S3_EXPIRE_DAYS", in: 0 ... .max) ?? expirationDays
        if let directory = environment["MAPPOSTER_STORAGE_DIR"] {
            self.directory = URL(fileURLWithPath: directory, isDirectory: true)
        }
    }

    /// The store this configuration describes: an ``S3Store`` when ``endpoint`` is set, else a ``FileSystemStore``.
    ///
    /// - Parameters:
    ///   - pool: where the store's blocking work runs (S3 transfers, file operations).
    ///   - transport: the HTTP transport for S3. Defaults to a ``CurlTransport`` on `pool` with ``requestTimeout``.
    public func makeObjectStore(pool: BlockingPool, transport: (any HTTPTransport)? = nil) -> any ObjectStore {
        if let endpoint {
            return S3Store(
                endpoint: endpoint, bucket: bucket, publicBaseURL: publicBaseURL ?? "/minio_storage",
                signer: SigV4Signer(credentials: credentials, region: region), expirationDays: expirationDays,
                transport: transport ?? CurlTransport(pool: pool, timeout: requestTimeout))
        }
        return FileSystemStore(directory: directory, bucket: bucket, publicBaseURL: publicBaseURL, pool: pool)
    }

    /// The Python original's public URL rule: `base.rstrip("/") + "/" + bucket + "/" + key`, no encoding.
    static func publicURL(base: String, bucket: String, key: String) -> String {
        var trimmed = Substring(base)
        while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        return "\(trimmed)/\(bucket)/\(key)"
    }
}
