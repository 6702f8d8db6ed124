public import Foundation
public import JSON

/// The JSON object kombu stores in a Redis list or publishes on a channel: `body`,
/// `content-encoding`, `content-type`, `headers`, `properties` (celery-protocol.md §1.1).
public struct KombuEnvelope: Sendable, Hashable {
    /// The serialized payload as stored: base64 text when `properties.body_encoding` is `base64`, else the raw text.
    public var body: String
    /// `content-type`: how the payload is serialized; only `application/json` is decoded.
    public var contentType: String
    /// `content-encoding`: the payload's text encoding, `utf-8`.
    public var contentEncoding: String
    /// `headers`: the task's protocol v2 headers, or an event's or control message's own.
    public var headers: JSONObject
    /// `properties`: `delivery_tag`, `delivery_info`, `priority`, `body_encoding`, `correlation_id`, `reply_to`….
    public var properties: JSONObject

    /// An envelope of the given parts, as stored; `body` is not encoded here.
    public init(
        body: String,
        contentType: String = "application/json",
        contentEncoding: String = "utf-8",
        headers: JSONObject = JSONObject(),
        properties: JSONObject = JSONObject()
    ) {
        self.body = body
        self.contentType = contentType
        self.contentEncoding = contentEncoding
        self.headers = headers
        self.properties = properties
    }

    /// Wraps a JSON payload as kombu does: base64 body, `body_encoding: "base64"` and a fresh `delivery_tag`.
    public init(json payload: JSONValue, headers: JSONObject, properties: JSONObject) {
        var properties = properties
        properties["body_encoding"] = "base64"
        if properties["delivery_tag"] == nil { properties["delivery_tag"] = .string(newIdentifier()) }
        var text: [UInt8] = []
        payload.write(to: &text, .python)
        self.init(
            body: Data(text).base64EncodedString(),
            headers: headers,
            properties: properties
        )
    }

    /// Parses the stored JSON text.
    ///
    /// - Throws: ``MessageDecodingError`` when the text is not a kombu envelope.
    public init(parsing text: String) throws(MessageDecodingError) {
        try self.init(parsing: text.utf8)
    }

    /// Parses the stored bytes as UTF-8 JSON text.
    ///
    /// - Throws: ``MessageDecodingError`` when the bytes are not a kombu envelope.
    public init(parsing bytes: some Collection<UInt8>) throws(MessageDecodingError) {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: bytes)
        } catch {
            throw MessageDecodingError("envelope is not JSON: \(error)")
        }
        guard let object = value.object else {
            throw MessageDecodingError("envelope is a JSON \(value.typeName), not an object")
        }
        try self.init(object: object)
    }

    /// Reads an envelope from its parsed JSON object.
    public init(object: JSONObject) throws(MessageDecodingError) {
        guard let body = object["body"]?.string else { throw MessageDecodingError("envelope has no string 'body'") }
        self.init(
            body: body,
            contentType: object["content-type"]?.string ?? "application/json",
            contentEncoding: object["content-encoding"]?.string ?? "utf-8",
            headers: object["headers"]?.object ?? JSONObject(),
            properties: object["properties"]?.object ?? JSONObject()
        )
    }

    /// The envelope as a JSON value, with kombu's key order.
    public var json: JSONValue {
        .object(
            JSONObject([
                ("body", .string(body)),
                ("content-encoding", .string(contentEncoding)),
                ("content-type", .string(contentType)),
                ("headers", .object(headers)),
                ("properties", .object(properties)),
            ])
        )
    }

    /// The JSON text as Python's `json.dumps` writes it.
    public var text: String { json.serialized(.python) }

    /// `properties.delivery_tag`, the key of the message in the `unacked` hash.
    public var deliveryTag: String? { properties["delivery_tag"]?.string }

    /// `properties.priority` clamped to 0…9 as kombu does (non-integers count as 0).
    public var priority: Int { min(max(properties["priority"]?.int ?? 0, 0), 9) }

    /// `properties.delivery_info.exchange` and `routing_key`.
    public var deliveryInfo: (exchange: String, routingKey: String) {
        let info = properties["delivery_info"]?.object
        return (info?["exchange"]?.string ?? "", info?["routing_key"]?.string ?? "")
    }

    /// The serialized payload bytes: base64-decoded when `body_encoding` says so, then decompressed when the
    /// `compression` header names one of kombu's codecs (zlib, gzip, bzip2, lzma/xz).
    ///
    /// - Throws: ``MessageDecodingError`` for bad base64, an unknown codec or a corrupt compressed body.
    public func payloadBytes() throws(MessageDecodingError) -> Data {
        let bytes: Data
        switch properties["body_encoding"] {
        case .string("base64"):
            guard let data = Data(base64Encoded: body) else { throw MessageDecodingError("body is not valid base64") }
            bytes = data
        case nil, .null, .string("utf-8"), .string("utf8"):
            bytes = Data(body.utf8)
        case let other?:
            throw MessageDecodingError("unsupported body_encoding \(other.serialized())")
        }
        guard let compression = headers["compression"], compression != .null else { return bytes }
        guard let codec = compression.string else {
            throw MessageDecodingError("compression header is not a string: \(compression.serialized())")
        }
        return try KombuCompression.decompress(bytes, codec: codec)
    }

    /// The payload parsed as JSON, after checking the content type.
    public func payload() throws(MessageDecodingError) -> JSONValue {
        guard contentType == "application/json" else {
            throw MessageDecodingError("content type '\(contentType)' is not accepted (only application/json)")
        }
        let bytes = try payloadBytes()
        do {
            return try JSONValue(parsing: bytes)
        } catch {
            throw MessageDecodingError("body is not JSON: \(error)")
        }
    }
}

/// A new random identifier in Python's `str(uuid4())` form.
///
/// The random bits come from the system generator (`getrandom`): Foundation's `UUID()` opens, reads and closes
/// `/dev/urandom` each time, a cost every message sent paid.
package func newIdentifier() -> String {
    var generator = SystemRandomNumberGenerator()
    var bytes = withUnsafeBytes(of: (generator.next() as UInt64, generator.next() as UInt64)) { Array($0) }
    bytes[6] = bytes[6] & 0x0F | 0x40  // version 4
    bytes[8] = bytes[8] & 0x3F | 0x80  // RFC 4122 variant
    let digits = Array("0123456789abcdef".utf8)
    var text: [UInt8] = []
    text.reserveCapacity(36)
    for (index, byte) in bytes.enumerated() {
        if [4, 6, 8, 10].contains(index) { text.append(UInt8(ascii: "-")) }
        text.append(digits[Int(byte >> 4)])
        text.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: text, as: UTF8.self)
}
