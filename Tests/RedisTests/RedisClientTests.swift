import Logging
import MapPosterTesting
import Redis
import Testing

@Suite struct RedisConfigurationTests {
    @Test func parsesEveryURLForm() throws {
        let plain = try RedisConfiguration(url: "redis://redis:6380/2")
        #expect(plain.endpoint == .tcp(host: "redis", port: 6380))
        #expect(plain.database == 2)
        #expect(plain.password == nil)

        let password = try RedisConfiguration(url: "redis://:s3cret@localhost/0")
        #expect(password.password == "s3cret")
        #expect(password.username == nil)

        let user = try RedisConfiguration(url: "redis://alice:p%40ss@10.0.0.1:6379/5")
        #expect(user.username == "alice")
        #expect(user.password == "p@ss")
        #expect(user.database == 5)

        let socket = try RedisConfiguration(url: "unix:///run/redis.sock?db=3")
        #expect(socket.endpoint == .unixSocket(path: "/run/redis.sock"))
        #expect(socket.database == 3)

        let defaults = try RedisConfiguration(url: "redis://")
        #expect(defaults.endpoint == .tcp(host: "127.0.0.1", port: 6379))
    }

    @Test func parsesTLSAndSentinelURLsAsKombuDoes() throws {
        let tls = try RedisConfiguration(
            url: "rediss://:pw@cache.example:6380/1?ssl_cert_reqs=required&ssl_ca_certs=/etc/ca.pem"
                + "&ssl_certfile=/etc/client.pem&ssl_keyfile=/etc/client.key")
        #expect(tls.endpoint == .tcp(host: "cache.example", port: 6380))
        #expect(tls.database == 1)
        #expect(tls.tls?.certificateRequirement == .required)
        #expect(tls.tls?.caCertificatesPath == "/etc/ca.pem")
        #expect(tls.tls?.certificatePath == "/etc/client.pem")
        #expect(tls.tls?.privateKeyPath == "/etc/client.key")
        #expect(tls.tls?.checkHostname == true)
        #expect(tls.description == "rediss://:***@cache.example:6380/1")
        // CERT_OPTIONAL means CERT_REQUIRED for a client; none turns checking off.
        #expect(
            try RedisConfiguration(url: "rediss://h?ssl_cert_reqs=optional").tls?.certificateRequirement == .required)
        #expect(
            try RedisConfiguration(url: "rediss://h?ssl_cert_reqs=CERT_NONE").tls?.certificateRequirement == .unverified
        )
        #expect(try RedisConfiguration(url: "rediss://h?ssl_check_hostname=false").tls?.checkHostname == false)
        #expect(try RedisConfiguration(url: "redis://h").tls == nil)
        #expect(throws: RedisError.self) { try RedisConfiguration(url: "rediss://h?ssl_cert_reqs=sometimes") }
        #expect(throws: RedisError.self) { try RedisConfiguration(url: "rediss://h?ssl_certfile=/c.pem") }

        let options = #"{"master_name": "mymaster", "sentinel_kwargs": {"password": "s3"}, "visibility_timeout": 10}"#
        let sentinel = try RedisConfiguration(
            url: "sentinel://:pw@10.0.0.1:26379/2;sentinel://10.0.0.2;sentinel://10.0.0.3:26380",
            transportOptions: options)
        #expect(
            sentinel.endpoint
                == .sentinel(
                    nodes: [
                        .init(host: "10.0.0.1", port: 26379), .init(host: "10.0.0.2", port: 26379),
                        .init(host: "10.0.0.3", port: 26380),
                    ], masterName: "mymaster"))
        #expect(sentinel.database == 2)
        #expect(sentinel.password == "pw")
        #expect(sentinel.sentinelPassword == "s3")
        #expect(!sentinel.description.contains("pw"))
        // The master's name is required, and only Sentinel URLs can be listed.
        #expect(throws: RedisError.self) { try RedisConfiguration(url: "sentinel://10.0.0.1:26379") }
        #expect(throws: RedisError.self) {
            try RedisConfiguration(url: "sentinel://a;redis://b", transportOptions: options)
        }
        #expect(throws: RedisError.self) { try RedisConfiguration(url: "redis://a;redis://b") }
        #expect(throws: RedisError.self) { try RedisConfiguration(url: "redis://a", transportOptions: "[1, 2]") }
    }

    @Test func neverShowsThePassword() throws {
        let configuration = try RedisConfiguration(url: "redis://alice:topsecret@host:1/0")
        #expect(!configuration.description.contains("topsecret"))
        #expect(throws: RedisError.self) { try RedisConfiguration(url: "http://host/0") }
        #expect(throws: RedisError.self) { try RedisConfiguration(url: "redis://host/notanumber") }
    }
}

@Suite struct RedisClientTests {
    @Test func commandsPipelinesAndDatabases() async throws {
        try await withRedisServer { server in
            let configuration = try RedisConfiguration(url: server.url(database: 3))
            try await withTearDown(try RedisClient(configuration: configuration)) { client in
                try await client.execute(["SET", "greeting", "héllo wörld"])
                #expect(try await client.execute(["GET", "greeting"]).string == "héllo wörld")
                let replies = try await client.pipeline([
                    ["RPUSH", "list", "a", "b"], ["LRANGE", "list", "0", "-1"], ["INCR", "list"],
                ])
                #expect(replies[0] == .integer(2))
                #expect(replies[1].array?.compactMap(\.string) == ["a", "b"])
                guard case .error(let message) = replies[2] else { Issue.record("expected WRONGTYPE"); return }
                #expect(message.hasPrefix("WRONGTYPE"))
                // The key lives in database 3, not 0.
                let otherConfiguration = try RedisConfiguration(url: server.url(database: 0))
                try await withTearDown(try RedisClient(configuration: otherConfiguration)) { other throws in
                    #expect(try await other.execute(["GET", "greeting"]) == .null)
                }
            }
        }
    }

    @Test func passwordIsSentAndWrongOneFails() async throws {
        try await withRedisServer { server in
            try await withTearDown(try RedisClient(configuration: try RedisConfiguration(url: server.url()))) { admin in
                try await admin.execute(["CONFIG", "SET", "requirepass", "pw"])
                let goodConfiguration = try RedisConfiguration(url: "redis://:pw@127.0.0.1:\(server.port)/0")
                try await withTearDown(try RedisClient(configuration: goodConfiguration)) { good in
                    #expect(try await good.execute(["PING"]) == .status("PONG"))
                    let badConfiguration = try RedisConfiguration(url: "redis://:nope@127.0.0.1:\(server.port)/0")
                    try await withTearDown(try RedisClient(configuration: badConfiguration)) { bad -> Void in
                        await #expect(throws: RedisError.self) { try await bad.execute(["PING"]) }
                    }
                }
            }
        }
    }

    @Test func pubSubDeliversAndReadTimesOutHarmlessly() async throws {
        try await withRedisServer { server in
            let configuration = try RedisConfiguration(url: server.url())
            try await withTearDown(try RedisClient(configuration: configuration)) { client in
                let received = try await client.withDedicatedConnection { connection in
                    try await connection.write(["PSUBSCRIBE", "/0.celeryev/*"])
                    _ = try await connection.read(timeout: .seconds(2))  // the subscribe confirmation
                    #expect(try await connection.read(timeout: .milliseconds(100)) == nil)
                    try await client.execute(["PUBLISH", "/0.celeryev/worker.heartbeat", "{}"])
                    return try await connection.read(timeout: .seconds(2))
                }
                #expect(
                    received?.array?.compactMap(\.string) == [
                        "pmessage", "/0.celeryev/*", "/0.celeryev/worker.heartbeat", "{}",
                    ])
            }
        }
    }

    @Test func survivesARedisRestart() async throws {
        try await withRedisServer { server in
            let configuration = try RedisConfiguration(url: server.url())
            try await withTearDown(try RedisClient(configuration: configuration)) { client in
                try await client.execute(["SET", "k", "1"])
                try await server.restart()
                // The pooled connection is dead: the first call fails, the retry policy reconnects.
                let value = try await RetryPolicy(initialDelay: .milliseconds(20)).run(logger: Logger(label: "test")) {
                    try await client.execute(["PING"])
                }
                #expect(value == .status("PONG"))
            }
        }
    }
}

@Suite struct RedisPipeliningTests {
    /// Many callers share one connection: every reply reaches the caller whose command it answers, binary
    /// arguments come back byte for byte, and an error reply goes to its caller only.
    @Test func concurrentCallersGetTheirOwnReplies() async throws {
        try await withRedisServer { server in
            let configuration = try RedisConfiguration(url: server.url())
            try await withTearDown(try RedisClient(configuration: configuration)) { client in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for index in 0..<200 {
                        group.addTask {
                            let key = "key:\(index)"
                            let value: [UInt8] = [0, 0xFF, UInt8(index % 256), 13, 10]
                            _ = try await client.pipeline(
                                encoded: [RedisCommand(binary: [Array("SET".utf8), Array(key.utf8), value])])
                            #expect(try await client.execute(["GET", key]).bytes == value)
                            if index % 10 == 0 {
                                await #expect(throws: RedisError.self) { try await client.execute(["INCR", key]) }
                            }
                        }
                    }
                    try await group.waitForAll()
                }
                #expect(try await client.execute(["DBSIZE"]) == .integer(200))
            }
        }
    }

    /// A reply that does not come in time breaks only that connection; the next call opens another.
    @Test func aTimeoutClosesTheConnectionAndTheNextCallReconnects() async throws {
        try await withRedisServer { server in
            var configuration = try RedisConfiguration(url: server.url())
            configuration.commandTimeout = .milliseconds(300)
            try await withTearDown(try RedisClient(configuration: configuration)) { client in
                let slow = await #expect(throws: RedisError.self) { try await client.execute(["DEBUG", "SLEEP", "1"]) }
                #expect(slow?.code == .timeout)
                try await Task.sleep(for: .seconds(1))
                #expect(try await client.execute(["PING"]) == .status("PONG"))
            }
        }
    }
}

@Suite struct RedisReplyParsingTests {
    @Test func parsesEveryReplyKindAndRefusesWhatIsNotRESP() throws {
        let bytes = Array("+OK\r\n-ERR wrong\r\n:42\r\n$3\r\na\u{0}b\r\n$-1\r\n*2\r\n$1\r\nx\r\n*-1\r\n$5\r\nhel".utf8)
        #expect(
            try RedisValue.replies(parsing: bytes) == [
                .status("OK"), .error("ERR wrong"), .integer(42), .bulk([97, 0, 98]), .null,
                .array([.bulk([120]), .null]),
            ])
        #expect(throws: RedisError.self) { try RedisValue.replies(parsing: Array("?what\r\n".utf8)) }
    }
}
