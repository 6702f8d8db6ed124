import Foundation

/// Where and how to connect to Redis, parsed from a URL as kombu and redis-py accept it.
///
/// Accepted forms:
/// - `redis://[[user]:password@]host[:port][/db]`
/// - `rediss://…` (TLS) with the query parameters `ssl_cert_reqs` (`required`, the default, `optional` or
///   `none`), `ssl_ca_certs`, `ssl_certfile`, `ssl_keyfile` and `ssl_check_hostname`
/// - `unix://[[user]:password@]/path/to/socket[?db=N]` (also `redis+socket://`)
/// - `sentinel://[:password@]host:port[/db]`, several separated by `;`, with the master's name (and the
///   Sentinels' own password) in Celery's `broker_transport_options` (see ``init(url:transportOptions:)``).
public struct RedisConfiguration: Sendable, Hashable, CustomStringConvertible {
    /// Where the server is.
    public enum Endpoint: Sendable, Hashable {
        /// A server at `host` (a name or an address) and TCP `port`.
        case tcp(host: String, port: Int)
        /// A server listening on the Unix socket at `path`.
        case unixSocket(path: String)
        /// The master that the Sentinels at `nodes` name `masterName`, asked again on every new connection.
        case sentinel(nodes: [SentinelNode], masterName: String)

        /// kombu's name of the transport: `redis`, or `sentinel`.
        public var transportName: String {
            if case .sentinel = self { return "sentinel" }
            return "redis"
        }
    }

    /// One Sentinel's address.
    public struct SentinelNode: Sendable, Hashable {
        /// The Sentinel's host name or address.
        public var host: String
        /// The Sentinel's TCP port (Sentinel's default is 26379).
        public var port: Int
        /// The Sentinel at `host`:`port`.
        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }
    }

    /// Where the server is. Defaults to `127.0.0.1:6379`.
    public var endpoint: Endpoint
    /// The logical database selected after connecting. Defaults to `0`.
    public var database: Int
    /// ACL user name (Redis 6+); `nil` authenticates as the default user.
    public var username: String?
    /// The password (`AUTH`); `nil` for none. Never shown by ``description``.
    public var password: String?
    /// The password the Sentinels themselves require (`sentinel_kwargs.password`), if any.
    public var sentinelPassword: String?
    /// TLS settings; `nil` connects in plain text.
    public var tls: RedisTLSConfiguration?
    /// How long connecting may take. Defaults to 5 seconds.
    public var connectTimeout: Duration
    /// How long one command may wait for its reply, on top of any blocking timeout it carries.
    /// Defaults to 10 seconds.
    public var commandTimeout: Duration

    /// A configuration from its parts; the parameters are the properties of the same names. ``sentinelPassword``
    /// starts as `nil`.
    public init(
        endpoint: Endpoint = .tcp(host: "127.0.0.1", port: 6379),
        database: Int = 0,
        username: String? = nil,
        password: String? = nil,
        tls: RedisTLSConfiguration? = nil,
        connectTimeout: Duration = .seconds(5),
        commandTimeout: Duration = .seconds(10)
    ) {
        self.endpoint = endpoint
        self.database = database
        self.username = username
        self.password = password
        self.tls = tls
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
    }

    /// Parses a broker URL such as `REDIS_URL` or `CELERY_BROKER_URL`.
    ///
    /// - Parameters:
    ///   - string: the URL, in one of the forms listed on ``RedisConfiguration``.
    ///   - transportOptions: Celery's `broker_transport_options` as JSON (the
    ///     `CELERY_BROKER_TRANSPORT_OPTIONS` variable): `master_name` names the master behind `sentinel://`
    ///     URLs and `sentinel_kwargs.password` is the Sentinels' password. Other options are ignored here.
    /// - Throws: ``RedisError`` with code `connectionFailed` when the URL is not one of the accepted forms.
    public init(url string: String, transportOptions: String? = nil) throws(RedisError) {
        let options = try SentinelOptions(json: transportOptions)
        let urls = string.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard let first = urls.first, let components = URLComponents(string: first),
            let scheme = components.scheme?.lowercased()
        else { throw Self.invalid("not a Redis URL: \(Self.redacting(string))") }
        self.init()
        username = components.user.flatMap { $0.isEmpty ? nil : $0.removingPercentEncoding }
        password = components.password.flatMap { $0.removingPercentEncoding }
        let query = components.queryItems ?? []
        let queryDatabase = try query.first { $0.name == "db" }?.value.map(Self.databaseNumber)
        switch scheme {
        case "redis", "rediss":
            guard urls.count == 1 else { throw Self.invalid("only sentinel:// URLs can be listed with ';'") }
            endpoint = .tcp(host: Self.host(of: components), port: components.port ?? 6379)
            database = try Self.database(inPath: components.path) ?? queryDatabase ?? 0
            if scheme == "rediss" { tls = try RedisTLSConfiguration(query: query) }
        case "unix", "redis+socket":
            guard !components.path.isEmpty else { throw Self.invalid("a unix:// URL needs a socket path") }
            endpoint = .unixSocket(path: components.path)
            database = queryDatabase ?? 0
        case "sentinel":
            var nodes: [SentinelNode] = []
            for url in urls {
                guard let node = URLComponents(string: url), node.scheme?.lowercased() == "sentinel" else {
                    throw Self.invalid("every URL in a Sentinel list must be sentinel://: \(Self.redacting(url))")
                }
                nodes.append(SentinelNode(host: Self.host(of: node), port: node.port ?? 26379))
            }
            guard let masterName = options.masterName else {
                throw Self.invalid(
                    "sentinel:// needs the master's name: CELERY_BROKER_TRANSPORT_OPTIONS='{\"master_name\": \"mymaster\"}'"
                )
            }
            endpoint = .sentinel(nodes: nodes, masterName: masterName)
            sentinelPassword = options.password
            database = try Self.database(inPath: components.path) ?? queryDatabase ?? 0
        default:
            throw Self.invalid("unsupported Redis URL scheme '\(scheme)'")
        }
    }

    /// The URL with any password replaced by `***`, safe to log.
    public var description: String {
        let credentials = password == nil ? "" : "\(username ?? ""):***@"
        switch endpoint {
        case .tcp(let host, let port):
            return "\(tls == nil ? "redis" : "rediss")://\(credentials)\(host):\(port)/\(database)"
        case .unixSocket(let path):
            return "unix://\(credentials)\(path)?db=\(database)"
        case .sentinel(let nodes, let masterName):
            let list = nodes.map { "sentinel://\($0.host):\($0.port)" }.joined(separator: ";")
            return "\(list) (master \(masterName), database \(database))"
        }
    }

    private static func host(of components: URLComponents) -> String {
        components.host.flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1"
    }

    private static func database(inPath path: String) throws(RedisError) -> Int? {
        let trimmed = path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        return trimmed.isEmpty ? nil : try databaseNumber(trimmed)
    }

    private static func databaseNumber(_ text: String) throws(RedisError) -> Int {
        guard let number = Int(text), number >= 0 else {
            throw invalid("bad database number '\(text)' in the Redis URL")
        }
        return number
    }

    static func invalid(_ message: String) -> RedisError { RedisError(code: .connectionFailed, message: message) }

    private static func redacting(_ url: String) -> String {
        url.replacingOccurrences(of: #":[^:@/]*@"#, with: ":***@", options: .regularExpression)
    }
}

/// The Sentinel settings in Celery's `broker_transport_options`.
private struct SentinelOptions {
    var masterName: String?
    var password: String?

    init(json: String?) throws(RedisError) {
        guard let json, !json.trimmingCharacters(in: .whitespaces).isEmpty else { return }
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else {
            throw RedisConfiguration.invalid("broker transport options are not a JSON object: \(json)")
        }
        masterName = object["master_name"] as? String
        password = (object["sentinel_kwargs"] as? [String: Any])?["password"] as? String
    }
}
