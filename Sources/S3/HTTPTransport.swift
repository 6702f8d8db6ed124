public import Foundation

/// Sends one HTTP request and returns the whole response: the seam between ``S3Store`` and the network.
///
/// ``S3Store`` signs every request itself (``SigV4Signer``), so a transport only moves bytes and
/// must not add or change the headers it is given (it may add unsigned ones such as `User-Agent`).
public protocol HTTPTransport: Sendable {
    /// Sends `method url` with `headers` and `body`.
    ///
    /// - Returns: the status code, the response headers (names as received) and the body.
    /// - Throws: when no response was received (connection refused, timeout).
    func send(method: String, url: URL, headers: [(String, String)], body: Data) async throws -> HTTPTransportResponse
}

/// A complete HTTP response.
public struct HTTPTransportResponse: Sendable {
    /// The status code.
    public var status: Int
    /// The headers as received.
    public var headers: [(String, String)]
    /// The body.
    public var body: Data

    /// Creates a response.
    public init(status: Int, headers: [(String, String)], body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first header named `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}
