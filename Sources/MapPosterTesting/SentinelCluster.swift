import Foundation

/// A Sentinel-managed Redis on loopback, private to one test: a master, one replica and three
/// `redis-server --sentinel` processes watching them (quorum 2, a master is down after 1 s).
package final class SentinelCluster: Sendable {
    /// The name the Sentinels know the master by.
    package static let masterName = "mymaster"
    package let servers: [RedisServer]
    package let sentinelPorts: [Int]
    private let sentinels: [ChildProcess]

    /// `sentinel://127.0.0.1:<port>;…` for every Sentinel, as kombu and the Swift client accept it.
    package func url(database: Int = 0) -> String {
        sentinelPorts.map { "sentinel://127.0.0.1:\($0)/\(database)" }.joined(separator: ";")
    }

    /// Celery's `broker_transport_options` naming the master, as JSON (`CELERY_BROKER_TRANSPORT_OPTIONS`).
    package var transportOptions: String { #"{"master_name": "\#(Self.masterName)"}"# }

    private init(servers: [RedisServer], sentinelPorts: [Int], sentinels: [ChildProcess]) {
        self.servers = servers
        self.sentinelPorts = sentinelPorts
        self.sentinels = sentinels
    }

    /// Starts the master, the replica and the Sentinels, and waits until the Sentinels know both servers and
    /// each other (so that a failover can happen at once).
    package static func start() async throws -> SentinelCluster {
        let master = try await RedisServer.start(RedisServer.Options())
        let replica = try await RedisServer.start(RedisServer.Options(replicaOf: master.port))
        var ports: [Int] = []
        var sentinels: [ChildProcess] = []
        for _ in 0..<3 {
            let port = try freeLoopbackPort()
            let file = master.directory.appendingPathComponent("sentinel-\(port).conf")
            let configuration = """
                port \(port)
                bind 127.0.0.1
                dir \(master.directory.path)
                sentinel monitor \(masterName) 127.0.0.1 \(master.port) 2
                sentinel down-after-milliseconds \(masterName) 1000
                sentinel failover-timeout \(masterName) 4000
                sentinel parallel-syncs \(masterName) 1

                """
            try Data(configuration.utf8).write(to: file)
            sentinels.append(try ChildProcess("redis-server", [file.path, "--sentinel"]))
            ports.append(port)
            try await waitForLoopbackPort(port)
        }
        let cluster = SentinelCluster(servers: [master, replica], sentinelPorts: ports, sentinels: sentinels)
        let deadline = ContinuousClock.now + .seconds(30)
        while try await !cluster.isReady {
            guard ContinuousClock.now < deadline else {
                await cluster.stop()
                throw TestServerError("the Sentinels did not find the replica and each other within 30 s")
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        return cluster
    }

    private var isReady: Bool {
        get async throws {
            guard try await redisCLI(port: servers[1].port, ["INFO", "replication"]).contains("master_link_status:up")
            else { return false }
            for port in sentinelPorts {
                let fields = try await redisCLI(port: port, ["SENTINEL", "master", Self.masterName])
                    .split(separator: "\n").map(String.init)
                func field(_ name: String) -> String? { fields.firstIndex(of: name).map { fields[$0 + 1] } }
                guard field("num-slaves") == "1", field("num-other-sentinels") == "2" else { return false }
            }
            return true
        }
    }

    /// The port of the server the Sentinels name as master now.
    package func masterPort() async throws -> Int? {
        let reply = try await redisCLI(
            port: sentinelPorts[0], ["SENTINEL", "get-master-addr-by-name", Self.masterName])
        return reply.split(separator: "\n").last.flatMap { Int($0) }
    }

    /// Stops every process.
    package func stop() async {
        for sentinel in sentinels { await sentinel.stop() }
        for server in servers { await server.stop() }
    }
}

/// Runs `body` with a fresh Sentinel cluster and always stops it afterwards.
package func withSentinelCluster<Result>(_ body: (SentinelCluster) async throws -> Result) async throws -> Result {
    try await withTearDown(try await SentinelCluster.start(), body)
}

/// Runs `redis-cli` against a loopback port and returns what it printed (one line per reply element).
package func redisCLI(port: Int, _ arguments: [String]) async throws -> String {
    let process = try ChildProcess("redis-cli", ["-p", String(port)] + arguments)
    guard await process.waitForExit(timeout: .seconds(10)) == 0 else {
        throw TestServerError("redis-cli \(arguments.joined(separator: " ")) failed:\n\(process.output)")
    }
    return process.output
}
