import Celery
import Foundation
import JSON
import Logging
import MapPosterTesting
import Redis
import Testing

/// The Redis of a production deployment: TLS only (`rediss://`, certificates checked, mutual TLS) and
/// Sentinel with a failover while tasks run, with Python Celery as the peer both ways.
@Suite(.serialized) struct ProductionRedisTests {
    @Test func tlsOnlyRedisBothWaysWithPythonCelery() async throws {
        let certificates = try await TestCertificates.make()
        let server = try await RedisServer.start(RedisServer.Options(tls: certificates))
        try await withTearDown(server) { server in
            #expect(server.url().hasPrefix("rediss://"))
            let python = PythonCelery(directory: Paths.python, redisURL: server.url())
            // The container healthcheck's probe takes the same URL.
            let probe = try startSwiftWorker(server, ["--ping-broker"])
            #expect(await probe.waitForExit(timeout: .seconds(30)) == 0)
            #expect(probe.output.contains("PONG"))

            let swiftWorker = try startSwiftWorker(server, ["-c", "2"])
            let sum = try await python.peer(["call", "tests.add", "[2, 2]"])
            #expect(sum["result"] as? Int == 4)
            await swiftWorker.stop()

            let pythonWorker = try python.worker(["-c", "1", "-P", "threads"])
            try await withTearDown(pythonWorker) { pythonWorker in
                try await withSwiftClient(server) { _, producer throws in
                    #expect(try await producer.send("py.add", args: ["T", "LS"]).get(timeout: .seconds(60)) == "TLS")
                }
                await pythonWorker.stop()
                await server.stop()
            }
        }
    }

    @Test func certificatesAreCheckedAndClientCertificatesSent() async throws {
        let certificates = try await TestCertificates.make()
        let stranger = try await TestCertificates.make(authorityName: "Someone else's CA")
        let server = try await RedisServer.start(
            RedisServer.Options(tls: certificates, requireClientCertificates: true))
        try await withTearDown(server) { server throws in
            let base = "rediss://127.0.0.1:\(server.port)/0?ssl_cert_reqs=required"
            let clientCertificate =
                "&ssl_certfile=\(certificates.clientCertificatePath)&ssl_keyfile=\(certificates.clientKeyPath)"

            func ping(_ url: String) async throws -> RedisValue {
                try await withTearDown(try RedisClient(configuration: try RedisConfiguration(url: url))) { client in
                    return try await client.execute(["PING"])
                }
            }
            #expect(try await ping(server.url()) == .status("PONG"))
            // The server's certificate is not signed by the authority the client trusts.
            let untrusted = await #expect(throws: RedisError.self) {
                try await ping(base + "&ssl_ca_certs=\(stranger.authorityPath)" + clientCertificate)
            }
            #expect(
                untrusted?.message.contains("CERTIFICATE_VERIFY_FAILED") == true, "\(String(describing: untrusted))")
            // Without checking, the same connection works (encrypted, unauthenticated, as ssl_cert_reqs=none says).
            let unchecked = "rediss://127.0.0.1:\(server.port)/0?ssl_cert_reqs=none" + clientCertificate
            #expect(try await ping(unchecked) == .status("PONG"))
            // The server requires a client certificate.
            await #expect(throws: RedisError.self) {
                try await ping(base + "&ssl_ca_certs=\(certificates.authorityPath)")
            }
            // A plain-text client gets nowhere on the TLS port.
            await #expect(throws: RedisError.self) { try await ping("redis://127.0.0.1:\(server.port)/0") }
            await server.stop()
        }
    }

    /// Tasks are running when the master dies; the Sentinels promote the replica; every task ends with a
    /// stored result and tasks sent afterwards, from Swift and from Python, run too.
    @Test func sentinelFailoverWhileTasksRunLosesNothing() async throws {
        try await withSentinelCluster { cluster in
            let environment = [
                "REDIS_URL": cluster.url(), "CELERY_BROKER_TRANSPORT_OPTIONS": cluster.transportOptions,
            ]
            let probe = try ChildProcess(
                try BuiltProducts.executable("celery-test-worker"), ["--ping-broker"], environment: environment)
            #expect(await probe.waitForExit(timeout: .seconds(30)) == 0)
            let worker = try ChildProcess(
                try BuiltProducts.executable("celery-test-worker"), ["--loglevel", "info", "-c", "8"],
                environment: environment)
            try await withTearDown(worker) { worker in
                let configuration = try RedisConfiguration(
                    url: cluster.url(), transportOptions: cluster.transportOptions)
                try await withTearDown(try RedisClient(configuration: configuration)) { client in
                    let producer = CeleryProducer(
                        broker: RedisBroker(client: client, names: KombuNames(), logger: Logger(label: "test")),
                        backend: RedisResultBackend(client: client))
                    let python = PythonCelery(
                        directory: Paths.python, redisURL: cluster.url(),
                        extraEnvironment: ["CELERY_BROKER_TRANSPORT_OPTIONS": cluster.transportOptions])

                    let before = try await (0..<8).asyncMap { _ in try await producer.send("tests.sleep", args: [3]) }
                    // Every task has started (the queue is empty) and the replica has every write so far.
                    #expect(try await eventually { try await client.execute(["LLEN", "celery"]) == .integer(0) })
                    try await Task.sleep(for: .milliseconds(300))
                    try await client.execute(["SET", "failover:marker", "1"])
                    #expect(try await client.execute(["WAIT", "1", "5000"]) == .integer(1))

                    let oldMaster = try #require(try await cluster.masterPort())
                    let master = try #require(cluster.servers.first { $0.port == oldMaster })
                    await master.stop(signal: SIGKILL)
                    #expect(
                        try await eventually(timeout: .seconds(30)) { try await cluster.masterPort() != oldMaster },
                        "the Sentinels promoted the replica")

                    let retry = RetryPolicy(initialDelay: .milliseconds(50))
                    let after = try await retry.run(logger: Logger(label: "test")) {
                        try await (0..<8).asyncMap { index in
                            try await producer.send("tests.add", args: [.int(index), 1])
                        }
                    }
                    for result in before { #expect(try await result.get(timeout: .seconds(60)) == 3.0) }
                    for (index, result) in after.enumerated() {
                        #expect(try await result.get(timeout: .seconds(60)) == .int(index + 1))
                    }
                    let fromPython = try await python.peer(["call", "tests.add", "[40, 2]"])
                    #expect(fromPython["result"] as? Int == 42)
                }
                await worker.stop()
            }
        }
    }
}
