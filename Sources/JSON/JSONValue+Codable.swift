import Foundation

extension JSONValue {
    /// The JSON form of a `Codable` value, as `JSONEncoder` writes it.
    ///
    /// - Throws: `EncodingError` when `value` cannot be encoded.
    public init(encoding value: some Encodable) throws {
        try self.init(parsing: Array(try JSONEncoder().encode(value)))
    }

    /// Decodes a `Codable` value from this JSON, as `JSONDecoder` reads it.
    ///
    /// - Throws: `DecodingError` when the JSON does not have the type's shape.
    public func decode<Value: Decodable>(_ type: Value.Type) throws -> Value {
        try JSONDecoder().decode(type, from: Data(serialized().utf8))
    }
}
