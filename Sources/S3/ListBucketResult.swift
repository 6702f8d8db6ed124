import Foundation

/// Reads a `ListObjectsV2` answer (`<ListBucketResult>`).
enum ListBucketResult {
    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    static func parse(_ body: Data) throws -> ObjectListing {
        let text = String(decoding: body, as: UTF8.self)
        guard text.contains("<ListBucketResult") else { throw Malformed(description: "no <ListBucketResult>") }
        let objects = try XMLText.elements("Contents", in: text).map { contents -> ObjectInfo in
            guard let key = XMLText.first("Key", in: contents),
                let size = XMLText.first("Size", in: contents).flatMap({ Int($0) })
            else { throw Malformed(description: "a <Contents> without <Key> or <Size>") }
            return ObjectInfo(
                key: key, size: size,
                lastModified: XMLText.first("LastModified", in: contents).flatMap(HTTPDate.parseISO8601)
                    ?? Date(timeIntervalSince1970: 0),
                etag: XMLText.first("ETag", in: contents).map {
                    $0.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                })
        }
        let truncated = XMLText.first("IsTruncated", in: text) == "true"
        let token = truncated ? XMLText.first("NextContinuationToken", in: text) : nil
        if truncated && token == nil { throw Malformed(description: "truncated without <NextContinuationToken>") }
        return ObjectListing(objects: objects, nextContinuationToken: token)
    }
}
