import Foundation

/// TLS settings of a `rediss://` connection, named after redis-py's `ssl_*` parameters.
public struct RedisTLSConfiguration: Sendable, Hashable {
    /// How the server's certificate is checked (`ssl_cert_reqs`).
    public enum CertificateRequirement: String, Sendable, Hashable {
        /// Verified against the trusted roots (Python's `CERT_REQUIRED`; a client treats `CERT_OPTIONAL` alike).
        case required
        /// Not verified at all (`CERT_NONE`): encrypted, but open to a man in the middle.
        case unverified
    }

    /// How the server's certificate is checked. Defaults to ``CertificateRequirement/required``.
    public var certificateRequirement: CertificateRequirement
    /// Whether the certificate must name the host connected to (`ssl_check_hostname`). Defaults to `true`.
    public var checkHostname: Bool
    /// A PEM file of trusted roots (`ssl_ca_certs`); `nil` trusts the system's roots.
    public var caCertificatesPath: String?
    /// The client's certificate chain for mutual TLS (`ssl_certfile`), PEM.
    public var certificatePath: String?
    /// The client's private key (`ssl_keyfile`), PEM.
    public var privateKeyPath: String?

    /// TLS settings; the parameters are the properties of the same names.
    public init(
        certificateRequirement: CertificateRequirement = .required,
        checkHostname: Bool = true,
        caCertificatesPath: String? = nil,
        certificatePath: String? = nil,
        privateKeyPath: String? = nil
    ) {
        self.certificateRequirement = certificateRequirement
        self.checkHostname = checkHostname
        self.caCertificatesPath = caCertificatesPath
        self.certificatePath = certificatePath
        self.privateKeyPath = privateKeyPath
    }

    /// Reads the `ssl_*` query parameters of a `rediss://` URL, as kombu passes them to redis-py.
    init(query: [URLQueryItem]) throws(RedisError) {
        self.init()
        func value(_ name: String) -> String? {
            query.last { $0.name == name }?.value.flatMap { $0.isEmpty ? nil : $0.removingPercentEncoding ?? $0 }
        }
        switch value("ssl_cert_reqs")?.lowercased() {
        case nil, "required", "cert_required", "optional", "cert_optional": certificateRequirement = .required
        case "none", "cert_none": certificateRequirement = .unverified
        case let other?:
            throw RedisConfiguration.invalid("ssl_cert_reqs=\(other): expected required, optional or none")
        }
        switch value("ssl_check_hostname")?.lowercased() {
        case nil, "true", "1", "yes": checkHostname = true
        case "false", "0", "no": checkHostname = false
        case let other?: throw RedisConfiguration.invalid("ssl_check_hostname=\(other): expected true or false")
        }
        caCertificatesPath = value("ssl_ca_certs")
        certificatePath = value("ssl_certfile")
        privateKeyPath = value("ssl_keyfile")
        guard (certificatePath == nil) == (privateKeyPath == nil) else {
            throw RedisConfiguration.invalid("ssl_certfile and ssl_keyfile go together")
        }
    }
}
