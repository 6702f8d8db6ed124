import Hummingbird
import NIOCore
import Prometheus

/// `GET /metrics`: every metric of the registry in Prometheus' text format.
struct MetricsController: Sendable {
    let registry: PrometheusCollectorRegistry

    func addRoutes(to router: Router<APIRequestContext>) {
        router.get("metrics") { _, _ in
            var bytes: [UInt8] = []
            bytes.reserveCapacity(4096)
            registry.emit(into: &bytes)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }
}
