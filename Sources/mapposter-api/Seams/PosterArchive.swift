import Foundation

/// Where generated posters are kept, as `/history` and `/health` see it.
protocol PosterArchive: Sendable {
    /// The bucket name that public URLs contain.
    var bucket: String { get }
    /// `S3_PUBLIC_URL`: the base of public URLs.
    var publicBaseURL: String { get }
    /// Up to 1,000 stored posters (one listing page, as the original).
    func posters() async throws -> [ArchivedPoster]
    /// Throws when the storage cannot be reached.
    func checkHealth() async throws
}

/// One stored poster.
struct ArchivedPoster: Sendable, Hashable {
    var key: String
    var lastModified: Date
}
