import NIOCore
import NIOPosix
import Synchronization

/// A TCP proxy on a free loopback port that delays or partitions the traffic between clients and one
/// upstream server, for fault tests: ``latency`` holds every chunk that long in each direction, and
/// ``partition()`` holds everything (no reset, no close, as a real partition) until ``heal()``, when what
/// was held is delivered in order, as TCP's retransmissions would deliver it.
package final class FaultProxy: Sendable {
    package let port: Int
    private let server: any Channel
    private let state: SharedState

    fileprivate struct State {
        var latency: Duration = .zero
        var isPartitioned = false
        var relays: [NIOLoopBound<Relay>] = []
    }

    /// The settings every connection reads and the list of connections, shared by the proxy and its relays.
    fileprivate final class SharedState: Sendable {
        private let state = Mutex(State())
        func withLock<Result>(_ body: (inout State) -> Result) -> Result { state.withLock { body(&$0) } }
    }

    /// Starts a proxy to `127.0.0.1:upstreamPort`.
    package static func start(upstreamPort: Int) async throws -> FaultProxy {
        let state = SharedState()
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { inbound in
                inbound.eventLoop.makeCompletedFuture {
                    let relay = NIOLoopBound(Relay(client: inbound, state: state), eventLoop: inbound.eventLoop)
                    state.withLock { $0.relays.append(relay) }
                    try inbound.pipeline.syncOperations.addHandler(Forwarder(relay: relay.value, towardsServer: true))
                    ClientBootstrap(group: inbound.eventLoop)
                        .channelInitializer { outbound in
                            outbound.eventLoop.makeCompletedFuture {
                                try outbound.pipeline.syncOperations.addHandler(
                                    Forwarder(relay: relay.value, towardsServer: false))
                            }
                        }
                        .connect(host: "127.0.0.1", port: upstreamPort)
                        .whenComplete { result in
                            switch result {
                            case .success(let outbound): relay.value.connected(to: outbound)
                            case .failure: relay.value.close()
                            }
                        }
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return FaultProxy(server: server, state: state)
    }

    private init(server: any Channel, state: SharedState) {
        self.server = server
        self.port = server.localAddress?.port ?? 0
        self.state = state
    }

    /// How long each chunk is held in each direction.
    package var latency: Duration {
        get { state.withLock { $0.latency } }
        set { state.withLock { $0.latency = newValue } }
    }

    /// Holds all traffic, both ways, until ``heal()``.
    package func partition() { state.withLock { $0.isPartitioned = true } }

    /// Delivers what was held, in order, and lets traffic flow again.
    package func heal() {
        let relays = state.withLock { state in
            state.isPartitioned = false
            return state.relays
        }
        for relay in relays { relay.eventLoop.execute { relay.value.drain() } }
    }

    /// Closes the listening socket and every proxied connection.
    package func stop() async {
        try? await server.close()
        let relays = state.withLock { state in
            defer { state.relays = [] }
            return state.relays
        }
        for relay in relays { relay.eventLoop.execute { relay.value.close() } }
    }

    /// One proxied connection: two queues of held chunks, drained in order once due and not partitioned.
    fileprivate final class Relay {
        private let client: any Channel
        /// `nil` until the connection to the server is made; what the client sends meanwhile is held.
        private var server: (any Channel)?
        private let state: SharedState
        private var held: [(due: NIODeadline, towardsServer: Bool, bytes: ByteBuffer)] = []
        private var timer: Scheduled<Void>?

        init(client: any Channel, state: SharedState) {
            self.client = client
            self.state = state
        }

        func connected(to server: any Channel) {
            self.server = server
            drain()
        }

        func forward(_ bytes: ByteBuffer, towardsServer: Bool) {
            let latency = state.withLock { $0.latency }
            held.append((.now() + TimeAmount.nanoseconds(Int64(latency.nanoseconds)), towardsServer, bytes))
            drain()
        }

        func drain() {
            guard let server, !state.withLock({ $0.isPartitioned }) else { return }
            let now = NIODeadline.now()
            while let first = held.first, first.due <= now {
                held.removeFirst()
                (first.towardsServer ? server : client).writeAndFlush(first.bytes, promise: nil)
            }
            timer?.cancel()
            timer = nil
            if let next = held.first {
                timer = client.eventLoop.assumeIsolated().scheduleTask(deadline: next.due) { [weak self] in
                    self?.drain()
                }
            }
        }

        func close() {
            client.close(promise: nil)
            server?.close(promise: nil)
        }
    }

    private final class Forwarder: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        private let relay: Relay
        private let towardsServer: Bool

        init(relay: Relay, towardsServer: Bool) {
            self.relay = relay
            self.towardsServer = towardsServer
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            relay.forward(unwrapInboundIn(data), towardsServer: towardsServer)
        }

        func channelInactive(context: ChannelHandlerContext) {
            relay.close()
            context.fireChannelInactive()
        }
    }
}

extension Duration {
    fileprivate var nanoseconds: Double {
        Double(components.seconds) * 1e9 + Double(components.attoseconds) / 1e9
    }
}
