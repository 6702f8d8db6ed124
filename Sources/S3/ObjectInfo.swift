public import Foundation

/// What a store knows about one object.
public struct ObjectInfo: Sendable, Equatable {
    /// The key.
    public var key: String
    /// The size in bytes.
    public var size: Int
    /// When it was last written (second precision).
    public var lastModified: Date
    /// The `Content-Type` given at upload; `nil` in listings, which do not carry it.
    public var contentType: String?
    /// The entity tag without quotes: for S3 the MD5 hex of a single-part upload; for the file
    /// store the MD5 hex of the bytes as well.
    public var etag: String?

    /// Creates object metadata.
    public init(key: String, size: Int, lastModified: Date, contentType: String? = nil, etag: String? = nil) {
        self.key = key
        self.size = size
        self.lastModified = lastModified
        self.contentType = contentType
        self.etag = etag
    }
}

/// An object's metadata and bytes.
public struct StoredObject: Sendable, Equatable {
    /// The metadata.
    public var info: ObjectInfo
    /// The bytes.
    public var data: Data

    /// Creates a stored object.
    public init(info: ObjectInfo, data: Data) {
        self.info = info
        self.data = data
    }
}

/// One page of a listing.
public struct ObjectListing: Sendable, Equatable {
    /// The objects of this page in ascending key order (contentType is `nil`).
    public var objects: [ObjectInfo]
    /// The token for the next page, or `nil` when this is the last page.
    public var nextContinuationToken: String?

    /// Creates a page.
    public init(objects: [ObjectInfo], nextContinuationToken: String?) {
        self.objects = objects
        self.nextContinuationToken = nextContinuationToken
    }
}
