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
            let client = try RedisClient(configuration: try RedisConfiguration(url: server.url(database: 3)))
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
            let other = try RedisClient(configuration: try RedisConfiguration(url: server.url(database: 0)))
            #expect(try await other.execute(["GET", "greeting"]) == .null)
            try await other.close()
            try await client.close()
        }
    }

    @Test func passwordIsSentAndWrongOneFails() async throws {
        try await withRedisServer { server in
            let admin = try RedisClient(configuration: try RedisConfiguration(url: server.url()))
            try await admin.execute(["CONFIG", "SET", "requirepass", "pw"])
            let good = try RedisClient(
                configuration: try RedisConfiguration(url: "redis://:pw@127.0.0.1:\(server.port)/0"))
            #expect(try await good.execute(["PING"]) == .status("PONG"))
            let bad = try RedisClient(
                configuration: try RedisConfiguration(url: "redis://:nope@127.0.0.1:\(server.port)/0"))
            await #expect(throws: RedisError.self) { try await bad.execute(["PING"]) }
            for client in [admin, good, bad] { try await client.close() }
        }
    }

    @Test func pubSubDeliversAndReadTimesOutHarmlessly() async throws {
        try await withRedisServer { server in
            let client = try RedisClient(configuration: try RedisConfiguration(url: server.url()))
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
            try await client.close()
        }
    }

    @Test func survivesARedisRestart() async throws {
        try await withRedisServer { server in
            let client = try RedisClient(configuration: try RedisConfiguration(url: server.url()))
            try await client.execute(["SET", "k", "1"])
            try await server.restart()
            // The pooled connection is dead: the first call fails, the retry policy reconnects.
            let value = try await RetryPolicy(initialDelay: .milliseconds(20)).run(logger: Logger(label: "test")) {
                try await client.execute(["PING"])
            }
            #expect(value == .status("PONG"))
            try await client.close()
        }
    }
}
