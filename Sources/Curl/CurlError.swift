/// The one error type of the `Curl` module: a transfer that did not complete.
///
/// An HTTP error status is not a `CurlError`: the response comes back and the caller decides.
public struct CurlError: Error, Sendable, CustomStringConvertible {
    /// What went wrong; an extensible set of codes.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case couldNotConnect, timedOut, responseTooLarge, invalidRequest, transferFailed
        }
        private let base: Base

        /// DNS, TCP or TLS failed, or the connection was refused.
        public static let couldNotConnect = Code(base: .couldNotConnect)
        /// The connect or total timeout expired.
        public static let timedOut = Code(base: .timedOut)
        /// The body exceeded ``CurlRequest/maxResponseSize``.
        public static let responseTooLarge = Code(base: .responseTooLarge)
        /// curl refused an option (bad URL, unsupported method).
        public static let invalidRequest = Code(base: .invalidRequest)
        /// Any other libcurl failure.
        public static let transferFailed = Code(base: .transferFailed)

        public var description: String { base.rawValue }
    }

    public var code: Code
    /// libcurl's `CURLcode`.
    public var curlCode: Int
    /// libcurl's text for the failure (`curl_easy_strerror`, or its error buffer when more specific).
    public var message: String
    /// The request's method and URL without query (no credentials).
    public var request: String

    public init(code: Code, curlCode: Int, message: String, request: String) {
        self.code = code
        self.curlCode = curlCode
        self.message = message
        self.request = request
    }

    public var description: String { "\(request): \(message) (\(code), curl \(curlCode))" }
}
