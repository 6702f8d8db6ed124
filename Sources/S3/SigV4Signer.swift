import Crypto
public import Foundation

/// AWS Signature Version 4 for S3, computed the way botocore's `S3SigV4Auth` and
/// `S3SigV4QueryAuth` do, so any S3-compatible server (MinIO, AWS) accepts it.
///
/// The signer is independent of the transport: it takes a URL, a method and headers and returns the
/// headers to send (``signedHeaders(method:url:headers:payload:date:)``) or a presigned URL
/// (``presignedURL(method:url:expires:date:)``). The URL's path and query must already be encoded
/// with AWS's rules (``S3Store`` builds them so); they enter the canonical request as they are,
/// which is what botocore does for S3.
public struct SigV4Signer: Sendable {
    /// The key pair.
    public var credentials: AWSCredentials
    /// The region, such as `us-east-1`.
    public var region: String
    /// The service name. Defaults to `s3`.
    public var service: String

    /// Headers botocore never signs.
    static let unsignedHeaders: Set<String> = [
        "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
        "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id",
    ]

    /// Creates a signer.
    public init(credentials: AWSCredentials, region: String, service: String = "s3") {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// Signs a request with an `Authorization` header.
    ///
    /// Adds `X-Amz-Date`, `X-Amz-Content-SHA256` (the SHA-256 of `payload`: the payload is always
    /// signed), `X-Amz-Security-Token` when there is a session token, and `Authorization`.
    ///
    /// - Parameters:
    ///   - method: the HTTP method.
    ///   - url: the request URL, path and query already AWS-encoded.
    ///   - headers: the headers to send; all but botocore's unsigned ones are signed, plus `host`.
    ///   - payload: the body.
    ///   - date: the signing time. Defaults to now.
    /// - Returns: `headers` followed by the headers the signature adds.
    public func signedHeaders(
        method: String,
        url: URL,
        headers: [(String, String)],
        payload: Data,
        date: Date = Date()
    ) -> [(String, String)] {
        let timestamp = Self.timestamp(date)
        var result = headers.filter {
            !["authorization", "x-amz-date", "x-amz-content-sha256", "x-amz-security-token"].contains($0.0.lowercased())
        }
        result.append(("X-Amz-Date", timestamp))
        if let token = credentials.sessionToken { result.append(("X-Amz-Security-Token", token)) }
        let payloadHash = Self.hex(SHA256.hash(data: payload))
        result.append(("X-Amz-Content-SHA256", payloadHash))
        let toSign = Self.headersToSign(result, url: url)
        let canonical = canonicalRequest(
            method: method, url: url, query: Self.canonicalQuery(url), headers: toSign, payloadHash: payloadHash)
        let signature = self.signature(canonicalRequest: canonical, timestamp: timestamp)
        let signedNames = toSign.map(\.name).joined(separator: ";")
        result.append(
            (
                "Authorization",
                "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope(timestamp)), "
                    + "SignedHeaders=\(signedNames), Signature=\(signature)"
            ))
        return result
    }

    /// A presigned URL: the signature travels in the query string, and only `host` is signed.
    ///
    /// The query is the URL's own parameters, then `X-Amz-Algorithm`, `X-Amz-Credential`,
    /// `X-Amz-Date`, `X-Amz-Expires`, `X-Amz-SignedHeaders` (and `X-Amz-Security-Token`), then
    /// `X-Amz-Signature`, in botocore's order.
    ///
    /// - Parameters:
    ///   - method: the HTTP method the URL allows. Defaults to `GET`.
    ///   - url: the object URL, path already AWS-encoded.
    ///   - expires: the validity in seconds, counted from `date` (at most 604,800).
    ///   - date: the signing time. Defaults to now.
    public func presignedURL(method: String = "GET", url: URL, expires: Int, date: Date = Date()) -> URL {
        let timestamp = Self.timestamp(date)
        let toSign = Self.headersToSign([], url: url)
        var authItems = [
            ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
            ("X-Amz-Credential", "\(credentials.accessKeyID)/\(scope(timestamp))"),
            ("X-Amz-Date", timestamp),
            ("X-Amz-Expires", String(expires)),
            ("X-Amz-SignedHeaders", toSign.map(\.name).joined(separator: ";")),
        ]
        if let token = credentials.sessionToken { authItems.append(("X-Amz-Security-Token", token)) }
        var components = URLComponents(url: url, resolvingAgainstBaseURL: false)!
        let operationItems = (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }
        let query =
            (operationItems.isEmpty ? "" : AWSURIEncoding.query(operationItems) + "&")
            + AWSURIEncoding.query(authItems)
        components.percentEncodedQuery = query
        let unsigned = components.url!
        let canonical = canonicalRequest(
            method: method, url: unsigned, query: Self.canonicalQuery(unsigned), headers: toSign,
            payloadHash: "UNSIGNED-PAYLOAD")
        let signature = self.signature(canonicalRequest: canonical, timestamp: timestamp)
        components.percentEncodedQuery = query + "&X-Amz-Signature=" + signature
        return components.url!
    }

    // MARK: - The parts of the signature

    /// `YYYYMMDDTHHMMSSZ` in UTC.
    static func timestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func pad(_ value: Int?, _ width: Int) -> String {
            let text = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return pad(parts.year, 4) + pad(parts.month, 2) + pad(parts.day, 2) + "T" + pad(parts.hour, 2)
            + pad(parts.minute, 2) + pad(parts.second, 2) + "Z"
    }

    private func scope(_ timestamp: String) -> String {
        "\(timestamp.prefix(8))/\(region)/\(service)/aws4_request"
    }

    /// The signed headers, lowercased and sorted, values trimmed with inner white space collapsed;
    /// repeated names joined with `,`. `host` comes from the URL when not given.
    static func headersToSign(_ headers: [(String, String)], url: URL) -> [(name: String, value: String)] {
        var values: [String: [String]] = [:]
        for (name, value) in headers where !unsignedHeaders.contains(name.lowercased()) {
            values[name.lowercased(), default: []].append(
                value.split(whereSeparator: \.isWhitespace).joined(separator: " "))
        }
        if values["host"] == nil { values["host"] = [hostHeader(url)] }
        return values.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }.map {
            (name: $0, value: values[$0]!.joined(separator: ","))
        }
    }

    /// `host[:port]`, the port only when it is not the scheme's default.
    static func hostHeader(_ url: URL) -> String {
        let components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        var host = components?.percentEncodedHost ?? ""
        if host.contains(":") && !host.hasPrefix("[") { host = "[\(host)]" }
        guard let port = components?.port else { return host }
        let scheme = components?.scheme?.lowercased()
        if (scheme == "http" && port == 80) || (scheme == "https" && port == 443) { return host }
        return "\(host):\(port)"
    }

    /// The raw query split at `&` and `=`, sorted by key then value, rejoined: botocore's
    /// `_canonical_query_string_url` (no re-encoding).
    static func canonicalQuery(_ url: URL) -> String {
        guard let query = URLComponents(url: url, resolvingAgainstBaseURL: false)?.percentEncodedQuery, !query.isEmpty
        else { return "" }
        let pairs = query.split(separator: "&", omittingEmptySubsequences: false).map { pair -> (String, String) in
            guard let equals = pair.firstIndex(of: "=") else { return (String(pair), "") }
            return (String(pair[..<equals]), String(pair[pair.index(after: equals)...]))
        }
        return pairs.sorted {
            $0.0 == $1.0
                ? Array($0.1.utf8).lexicographicallyPrecedes(Array($1.1.utf8))
                : Array($0.0.utf8).lexicographicallyPrecedes(Array($1.0.utf8))
        }.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    func canonicalRequest(
        method: String,
        url: URL,
        query: String,
        headers: [(name: String, value: String)],
        payloadHash: String
    ) -> String {
        var path = URLComponents(url: url, resolvingAgainstBaseURL: false)?.percentEncodedPath ?? "/"
        if path.isEmpty { path = "/" }
        return [
            method.uppercased(), path, query,
            headers.map { "\($0.name):\($0.value)\n" }.joined(),
            headers.map(\.name).joined(separator: ";"), payloadHash,
        ].joined(separator: "\n")
    }

    func signature(canonicalRequest: String, timestamp: String) -> String {
        let stringToSign = [
            "AWS4-HMAC-SHA256", timestamp, scope(timestamp), Self.hex(SHA256.hash(data: Data(canonicalRequest.utf8))),
        ].joined(separator: "\n")
        var key = SymmetricKey(data: Data("AWS4\(credentials.secretAccessKey)".utf8))
        for part in [String(timestamp.prefix(8)), region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key)))
        }
        return Self.hex(HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: key))
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }
}
