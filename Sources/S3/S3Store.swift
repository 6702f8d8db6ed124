public import Foundation

/// An ``ObjectStore`` on an S3-compatible server (MinIO, AWS S3, moto), signed with ``SigV4Signer``.
///
/// Requests use path-style addressing (`{endpoint}/{bucket}/{key}`), which MinIO needs. Call
/// ``prepare()`` once at startup: it creates the bucket if missing, lets anonymous users read its
/// objects (as `mc anonymous set download` does), and installs a lifecycle rule that expires objects
/// after ``expirationDays``.
///
/// The store holds no connection state: it is a value-like `final class` with immutable properties,
/// safe to share between tasks. Every request goes through its ``HTTPTransport``.
public final class S3Store: ObjectStore {
    /// The server, such as `http://minio:9000`.
    public let endpoint: URL
    /// The bucket.
    public let bucket: String
    /// The base of ``publicURL(for:)``.
    public let publicBaseURL: String
    /// The signer (credentials and region).
    public let signer: SigV4Signer
    /// Days until objects expire; `0` installs no rule.
    public let expirationDays: Int
    let transport: any HTTPTransport

    /// Creates a store. Nothing is sent until the first operation.
    public init(
        endpoint: URL,
        bucket: String,
        publicBaseURL: String = "/minio_storage",
        signer: SigV4Signer,
        expirationDays: Int = 1,
        transport: any HTTPTransport
    ) {
        self.endpoint = endpoint
        self.bucket = bucket
        self.publicBaseURL = publicBaseURL
        self.signer = signer
        self.expirationDays = expirationDays
        self.transport = transport
    }

    public func publicURL(for key: String) -> String {
        StorageConfiguration.publicURL(base: publicBaseURL, bucket: bucket, key: key)
    }

    public func presignedURL(for key: String, expiresIn: Int) -> String? {
        presignedURL(for: key, expiresIn: expiresIn, date: Date())
    }

    /// A presigned GET URL on ``endpoint`` valid `expiresIn` seconds from `date`.
    public func presignedURL(for key: String, expiresIn: Int, date: Date) -> String {
        signer.presignedURL(url: url(key: key), expires: expiresIn, date: date).absoluteString
    }

    // MARK: - Objects

    public func head(_ key: String) async throws -> ObjectInfo? {
        let response = try await send("HeadObject", "HEAD", key: key, accept: [200, 404])
        guard response.status == 200 else { return nil }
        return info(key: key, response: response)
    }

    public func put(_ key: String, data: Data, contentType: String) async throws {
        _ = try await send(
            "PutObject", "PUT", key: key, headers: [("Content-Type", contentType)], body: data, accept: [200])
    }

    public func get(_ key: String) async throws -> StoredObject? {
        let response = try await send("GetObject", "GET", key: key, accept: [200, 404])
        guard response.status == 200 else { return nil }
        return StoredObject(info: info(key: key, response: response), data: response.body)
    }

    public func delete(_ key: String) async throws {
        _ = try await send("DeleteObject", "DELETE", key: key, accept: [200, 204, 404])
    }

    public func list(prefix: String, continuationToken: String?, maxKeys: Int) async throws -> ObjectListing {
        var query = [("list-type", "2"), ("max-keys", String(min(max(maxKeys, 1), 1000)))]
        if !prefix.isEmpty { query.append(("prefix", prefix)) }
        if let continuationToken { query.append(("continuation-token", continuationToken)) }
        let response = try await send("ListObjectsV2", "GET", query: query, accept: [200])
        do {
            return try ListBucketResult.parse(response.body)
        } catch {
            throw StorageError(code: .invalidResponse, operation: "ListObjectsV2", target: bucket, underlying: error)
        }
    }

    private func info(key: String, response: HTTPTransportResponse) -> ObjectInfo {
        ObjectInfo(
            key: key,
            size: response.header("Content-Length").flatMap { Int($0) } ?? response.body.count,
            lastModified: response.header("Last-Modified").flatMap(HTTPDate.parse) ?? Date(timeIntervalSince1970: 0),
            contentType: response.header("Content-Type"),
            etag: response.header("ETag").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) })
    }

    // MARK: - Requests

    /// `{endpoint}/{bucket}[/{key}]` with the key AWS-encoded (slashes kept) and the query appended.
    func url(key: String? = nil, query: [(String, String)] = []) -> URL {
        var base = endpoint.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        var text = base + "/" + AWSURIEncoding.encode(bucket)
        if let key { text += "/" + AWSURIEncoding.encode(key, keepingSlash: true) }
        if !query.isEmpty {
            text +=
                "?"
                + query.map {
                    $0.1.isEmpty
                        ? AWSURIEncoding.encode($0.0) : "\(AWSURIEncoding.encode($0.0))=\(AWSURIEncoding.encode($0.1))"
                }
                .joined(separator: "&")
        }
        return URL(string: text)!
    }

    /// Signs and sends one request; a status outside `accept` becomes a ``StorageError`` with S3's error code.
    func send(
        _ operation: String,
        _ method: String,
        key: String? = nil,
        query: [(String, String)] = [],
        headers: [(String, String)] = [],
        body: Data = Data(),
        accept: Set<Int>,
        file: String = #fileID,
        line: Int = #line
    ) async throws -> HTTPTransportResponse {
        let target = key.map { "\(bucket)/\($0)" } ?? bucket
        let requestURL = url(key: key, query: query)
        let signed = signer.signedHeaders(method: method, url: requestURL, headers: headers, payload: body)
        let response: HTTPTransportResponse
        do {
            response = try await transport.send(method: method, url: requestURL, headers: signed, body: body)
        } catch {
            throw StorageError(
                code: .transport, operation: operation, target: target, underlying: error, file: file, line: line)
        }
        guard accept.contains(response.status) else {
            let text = String(decoding: response.body, as: UTF8.self)
            throw StorageError(
                code: .unexpectedStatus, operation: operation, target: target, status: response.status,
                serverCode: XMLText.first("Code", in: text), serverMessage: XMLText.first("Message", in: text),
                file: file, line: line)
        }
        return response
    }
}
