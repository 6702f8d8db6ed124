import NIOCore
import NIOPosix
import NIOSSL

/// Opens ``RedisConnection``s as a ``RedisConfiguration`` says: plain TCP, TLS or a Unix socket, or
/// through Sentinel to the current master; then authenticates and selects the database.
struct RedisConnector: Sendable {
    let configuration: RedisConfiguration
    let eventLoopGroup: any EventLoopGroup
    /// Built once: loading roots and keys is the expensive part of TLS.
    private let tlsContext: NIOSSLContext?

    init(configuration: RedisConfiguration, eventLoopGroup: any EventLoopGroup) throws(RedisError) {
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        tlsContext = try configuration.tls.map(Self.makeContext)
    }

    /// A connection ready for commands.
    /// - Throws: ``RedisError`` with code `connectionFailed` (transient: retry later) when any step fails.
    func connect() async throws(RedisError) -> RedisConnection {
        switch configuration.endpoint {
        case .tcp(let host, let port):
            return try await handshake(try await open(.tcp(host: host, port: port), tls: tlsContext, serverName: host))
        case .unixSocket(let path):
            return try await handshake(try await open(.unixSocket(path: path), tls: nil, serverName: nil))
        case .sentinel(let nodes, let masterName):
            let (host, port) = try await masterAddress(nodes: nodes, masterName: masterName)
            let connection = try await handshake(
                try await open(.tcp(host: host, port: port), tls: tlsContext, serverName: host))
            // A Sentinel may name a master that has just been demoted; ROLE tells (redis-py checks the same).
            let role = try? await connection.execute(["ROLE"]).array?.first?.string
            guard role == "master" else {
                await connection.close()
                throw RedisError(
                    code: .connectionFailed,
                    message: "\(host):\(port), named master '\(masterName)' by Sentinel, is \(role ?? "unreachable")")
            }
            return connection
        }
    }

    /// Asks each Sentinel in turn for the master's address, as redis-py's `discover_master` does.
    private func masterAddress(nodes: [RedisConfiguration.SentinelNode], masterName: String) async throws(RedisError)
        -> (String, Int)
    {
        var failures: [String] = []
        for node in nodes {
            do {
                let sentinel = try await open(.tcp(host: node.host, port: node.port), tls: nil, serverName: nil)
                defer { Task { await sentinel.close() } }
                if let password = configuration.sentinelPassword {
                    try await sentinel.execute(["AUTH", password])
                }
                let reply = try await sentinel.execute(["SENTINEL", "get-master-addr-by-name", masterName])
                guard let parts = reply.array?.compactMap(\.string), parts.count == 2, let port = Int(parts[1]) else {
                    failures.append("\(node.host):\(node.port) knows no master '\(masterName)'")
                    continue
                }
                return (parts[0], port)
            } catch {
                failures.append("\(node.host):\(node.port): \(error.message)")
            }
        }
        throw RedisError(
            code: .connectionFailed,
            message: "no Sentinel named a master '\(masterName)': \(failures.joined(separator: "; "))")
    }

    private enum Address {
        case tcp(host: String, port: Int)
        case unixSocket(path: String)
    }

    private func open(_ address: Address, tls: NIOSSLContext?, serverName: String?) async throws(RedisError)
        -> RedisConnection
    {
        let bootstrap = ClientBootstrap(group: eventLoopGroup)
            .connectTimeout(TimeAmount(configuration.connectTimeout))
            .channelOption(.socketOption(.so_keepalive), value: 1)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        let hostname = serverName.flatMap { Self.isIPAddress($0) ? nil : $0 }
                        try channel.pipeline.syncOperations.addHandler(
                            NIOSSLClientHandler(context: tls, serverHostname: hostname))
                    }
                    try channel.pipeline.syncOperations.addHandler(RedisChannelHandler(awaitsHandshake: tls != nil))
                }
            }
        let commandTimeout = configuration.commandTimeout
        do {
            let connected =
                switch address {
                case .tcp(let host, let port): bootstrap.connect(host: host, port: port)
                case .unixSocket(let path): bootstrap.connect(unixDomainSocketPath: path)
                }
            // Looked up as the connection completes, on its event loop: a TLS handshake refused right away would
            // close the channel, and remove the handler, before a later lookup.
            let (channel, handler, ready) = try await connected.flatMapThrowing { channel in
                let handler = try channel.pipeline.syncOperations.handler(type: RedisChannelHandler.self)
                return (channel, NIOLoopBound(handler, eventLoop: channel.eventLoop), handler.ready!)
            }.get()
            do {
                try await ready.get()
            } catch {
                channel.close(promise: nil)
                throw error
            }
            return RedisConnection(channel: channel, handler: handler, commandTimeout: commandTimeout)
        } catch {
            throw RedisError(code: .connectionFailed, message: "\(error) (\(configuration))")
        }
    }

    private func handshake(_ connection: RedisConnection) async throws(RedisError) -> RedisConnection {
        var commands: [[String]] = []
        if let password = configuration.password {
            commands.append(configuration.username.map { ["AUTH", $0, password] } ?? ["AUTH", password])
        }
        if configuration.database != 0 { commands.append(["SELECT", String(configuration.database)]) }
        guard !commands.isEmpty else { return connection }
        do throws(RedisError) {
            for (command, reply) in zip(commands, try await connection.pipeline(commands)) {
                if case .error(let message) = reply {
                    throw RedisError(
                        code: .connectionFailed, message: "\(command[0]) failed: \(message)", command: command[0])
                }
            }
            return connection
        } catch {
            await connection.close()
            throw RedisError(code: .connectionFailed, message: error.message, command: error.command)
        }
    }

    private static func makeContext(_ settings: RedisTLSConfiguration) throws(RedisError) -> NIOSSLContext {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch settings.certificateRequirement {
        case .required:
            tls.certificateVerification = settings.checkHostname ? .fullVerification : .noHostnameVerification
        case .unverified: tls.certificateVerification = .none
        }
        do {
            if let path = settings.caCertificatesPath { tls.trustRoots = .file(path) }
            if let certificate = settings.certificatePath, let key = settings.privateKeyPath {
                tls.certificateChain = try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) }
                tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: key, format: .pem))
            }
            return try NIOSSLContext(configuration: tls)
        } catch {
            let files = [
                ("ssl_ca_certs", settings.caCertificatesPath), ("ssl_certfile", settings.certificatePath),
                ("ssl_keyfile", settings.privateKeyPath),
            ].compactMap { name, path in path.map { "\(name)=\($0)" } }
            throw RedisError(
                code: .connectionFailed,
                message: "cannot load the TLS files (\(files.joined(separator: ", "))): \(error)")
        }
    }

    private static func isIPAddress(_ host: String) -> Bool {
        (try? SocketAddress(ipAddress: host, port: 0)) != nil
    }
}
