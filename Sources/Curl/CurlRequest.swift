public import Foundation

/// One HTTP request for ``CurlEasyHandle/perform(_:)``.
public struct CurlRequest: Sendable {
    /// Credentials for libcurl's own AWS Signature V4 signing (`CURLOPT_AWS_SIGV4`).
    public struct SigV4: Sendable, Hashable {
        /// `provider1[:provider2[:region[:service]]]`, e.g. `"aws:amz:us-east-1:s3"`.
        public var provider: String
        public var accessKeyID: String
        public var secretAccessKey: String

        public init(provider: String, accessKeyID: String, secretAccessKey: String) {
            self.provider = provider
            self.accessKeyID = accessKeyID
            self.secretAccessKey = secretAccessKey
        }
    }

    /// `GET`, `POST`, `PUT`, `HEAD`, `DELETE`, …
    public var method: String
    public var url: String
    /// Sent in order; an empty value removes a header curl would add.
    public var headers: [(name: String, value: String)]
    public var body: Data?
    /// Seconds to establish the connection. Defaults to 10.
    public var connectTimeout: Double
    /// Seconds for the whole transfer. Defaults to 60.
    public var timeout: Double
    /// Largest body accepted, in bytes; larger responses fail with ``CurlError/Code/responseTooLarge``.
    /// Defaults to 256 MiB.
    public var maxResponseSize: Int
    /// Sign with SigV4 when set.
    public var sigV4: SigV4?
    /// Defaults to `"MapPoster/1.0"`.
    public var userAgent: String

    public init(
        method: String = "GET",
        url: String,
        headers: [(name: String, value: String)] = [],
        body: Data? = nil,
        connectTimeout: Double = 10,
        timeout: Double = 60,
        maxResponseSize: Int = 256 * 1024 * 1024,
        sigV4: SigV4? = nil,
        userAgent: String = "MapPoster/1.0"
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.connectTimeout = connectTimeout
        self.timeout = timeout
        self.maxResponseSize = maxResponseSize
        self.sigV4 = sigV4
        self.userAgent = userAgent
    }

    /// Method and URL without its query, for error messages and logs.
    var summary: String {
        let base = url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? url
        return "\(method) \(base)"
    }
}

/// What came back: status, headers in order, body.
public struct CurlResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: Data

    public init(status: Int, headers: [(name: String, value: String)], body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first header named `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}
