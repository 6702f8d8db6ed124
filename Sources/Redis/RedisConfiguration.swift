import Foundation

/// Where and how to connect to Redis, parsed from a `REDIS_URL`.
///
/// Accepted forms: `redis://[[user]:password@]host[:port][/db]` and
/// `unix://[[user]:password@]/path/to/socket[?db=N]` (also `redis+socket://`).
public struct RedisConfiguration: Sendable, Hashable, CustomStringConvertible {
    public enum Endpoint: Sendable, Hashable {
        case tcp(host: String, port: Int)
        case unixSocket(path: String)
    }

    public var endpoint: Endpoint
    /// The logical database selected after connecting. Defaults to `0`.
    public var database: Int
    /// ACL user name (Redis 6+); `nil` authenticates as the default user.
    public var username: String?
    public var password: String?
    /// How long connecting may take. Defaults to 5 seconds.
    public var connectTimeout: Duration
    /// How long one command may wait for its reply, on top of any blocking timeout it carries.
    /// Defaults to 10 seconds.
    public var commandTimeout: Duration

    public init(
        endpoint: Endpoint = .tcp(host: "127.0.0.1", port: 6379),
        database: Int = 0,
        username: String? = nil,
        password: String? = nil,
        connectTimeout: Duration = .seconds(5),
        commandTimeout: Duration = .seconds(10)
    ) {
        self.endpoint = endpoint
        self.database = database
        self.username = username
        self.password = password
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
    }

    /// Parses a `REDIS_URL`.
    ///
    /// - Throws: ``RedisError`` with code `connectionFailed` when the URL is not one of the accepted forms.
    public init(url string: String) throws {
        guard let components = URLComponents(string: string), let scheme = components.scheme?.lowercased() else {
            throw RedisError(code: .connectionFailed, message: "not a Redis URL: \(Self.redacting(string))")
        }
        self.init()
        username = components.user.flatMap { $0.isEmpty ? nil : $0.removingPercentEncoding }
        password = components.password.flatMap { $0.removingPercentEncoding }
        let queryDatabase = components.queryItems?.first { $0.name == "db" }?.value.flatMap { Int($0) }
        switch scheme {
        case "redis":
            let host = components.host.flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1"
            endpoint = .tcp(host: host, port: components.port ?? 6379)
            let path = components.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            if !path.isEmpty {
                guard let number = Int(path) else {
                    throw RedisError(code: .connectionFailed, message: "bad database number '\(path)' in REDIS_URL")
                }
                database = number
            } else {
                database = queryDatabase ?? 0
            }
        case "unix", "redis+socket":
            guard !components.path.isEmpty else {
                throw RedisError(code: .connectionFailed, message: "unix:// REDIS_URL needs a socket path")
            }
            endpoint = .unixSocket(path: components.path)
            database = queryDatabase ?? 0
        default:
            throw RedisError(code: .connectionFailed, message: "unsupported REDIS_URL scheme '\(scheme)'")
        }
    }

    /// The URL with any password replaced by `***`, safe to log.
    public var description: String {
        let credentials = password == nil ? "" : "\(username ?? ""):***@"
        switch endpoint {
        case .tcp(let host, let port): return "redis://\(credentials)\(host):\(port)/\(database)"
        case .unixSocket(let path): return "unix://\(credentials)\(path)?db=\(database)"
        }
    }

    private static func redacting(_ url: String) -> String {
        url.replacingOccurrences(of: #":[^:@/]*@"#, with: ":***@", options: .regularExpression)
    }
}
