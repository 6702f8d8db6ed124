public import BlockingWork
import Curl
public import Foundation

/// An ``HTTPTransport`` over libcurl (the shared `Curl` module).
///
/// Each request runs on a fresh easy handle on a thread of ``pool`` (``Curl/CurlEasyHandle/transfer(_:on:)``),
/// off the Swift cooperative pool, bounded by ``connectTimeout`` and ``timeout``. The headers
/// ``S3Store`` signed are sent as given; a body without a `Content-Type` is sent without one (curl
/// would otherwise add `application/x-www-form-urlencoded`).
public struct CurlTransport: HTTPTransport {
    /// Seconds for the whole transfer. Defaults to `60`.
    public var timeout: TimeInterval
    /// Seconds to connect. Defaults to `10`.
    public var connectTimeout: TimeInterval
    /// The largest response body accepted, in bytes. Defaults to 256 MiB.
    public var maxResponseSize: Int
    /// Where the transfers run.
    public var pool: BlockingPool

    /// Creates a transport whose transfers run on `pool`; every default is stated on its property.
    public init(
        pool: BlockingPool, timeout: TimeInterval = 60, connectTimeout: TimeInterval = 10,
        maxResponseSize: Int = 256 << 20
    ) {
        self.pool = pool
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.maxResponseSize = maxResponseSize
    }

    public func send(method: String, url: URL, headers: [(String, String)], body: Data) async throws
        -> HTTPTransportResponse
    {
        var requestHeaders = headers.map { (name: $0.0, value: $0.1) }
        if !requestHeaders.contains(where: { $0.name.lowercased() == "content-type" }) {
            requestHeaders.append((name: "Content-Type", value: ""))
        }
        let request = CurlRequest(
            method: method, url: url.absoluteString, headers: requestHeaders,
            body: body.isEmpty && !["PUT", "POST"].contains(method) ? nil : body,
            connectTimeout: connectTimeout, timeout: timeout, maxResponseSize: maxResponseSize)
        let response = try await CurlEasyHandle.transfer(request, on: pool)
        return HTTPTransportResponse(
            status: response.status, headers: response.headers.map { ($0.name, $0.value) }, body: response.body)
    }
}
