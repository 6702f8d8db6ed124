import Foundation
import HTTPTypes
import Hummingbird
import JSON

/// `GET /history?limit=10`: the newest posters first, as `[{"url", "filename", "date", "city"}]`.
///
/// The original meant this and answered 500 (a missing import); here it works. URLs follow its rule
/// (maptoposter-web §2): a relative `S3_PUBLIC_URL` or one on localhost is put behind the request's own
/// origin, any other is used as is. That origin is the one the user used, port included: `X-Forwarded-Host`
/// (its first entry) and `X-Forwarded-Proto` from a trusted proxy, else the request's `Host` (nginx forwards
/// `$http_host`, which keeps the port).
struct HistoryController: Sendable {
    let archive: any PosterArchive
    let resolver: ClientAddressResolver

    func addRoutes(to router: Router<APIRequestContext>) {
        router.get("history", use: history)
    }

    @Sendable func history(request: Request, context: APIRequestContext) async throws -> Response {
        let limit = try QueryParameter.integer(request, "limit", default: 10, range: 0...1000)
        let posters = try await archive.posters().sorted { $0.lastModified > $1.lastModified }.prefix(limit)
        let base = baseURL(request: request, context: context)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        let items: [JSONValue] = posters.map { poster in
            [
                "url": .string("\(base)/\(archive.bucket)/\(poster.key)"),
                "filename": .string(poster.key),
                "date": .string(
                    formatter.string(from: poster.lastModified).replacingOccurrences(of: "Z", with: "+00:00")),
                "city": .string(Self.city(fromKey: poster.key)),
            ]
        }
        return .json(.array(items))
    }

    /// The base that `/<bucket>/<key>` is appended to.
    func baseURL(request: Request, context: APIRequestContext) -> String {
        let configured = archive.publicBaseURL.trimmingTrailingSlashes
        let lowered = configured.lowercased()
        let origin: String = {
            let trusted = resolver.isTrusted(context.peerAddress ?? "")
            let scheme = trusted ? request.headers[.xForwardedProto] ?? "http" : "http"
            let forwardedHost = trusted ? request.headers[.xForwardedHost]?.split(separator: ",").first : nil
            let host =
                forwardedHost.map { $0.filter { !$0.isWhitespace } } ?? request.head.authority ?? request.headers[.host]
                ?? "localhost"
            return "\(scheme)://\(host)"
        }()
        if configured.hasPrefix("/") { return origin + configured }
        for local in ["http://localhost", "https://localhost", "http://127.0.0.1", "https://127.0.0.1"]
        where lowered.hasPrefix(local) {
            return origin + "/minio_storage"
        }
        return configured
    }

    /// The original's city label: the key's first `_` token, `-` as spaces, title-cased (`new_york_…` gives `New`).
    static func city(fromKey key: String) -> String {
        let token = key.split(separator: "_", omittingEmptySubsequences: false).first.map(String.init) ?? key
        return pythonTitle(token.replacingOccurrences(of: "-", with: " "))
    }

    /// Python's `str.title()`: a letter after a non-letter is uppercased, the others lowercased.
    static func pythonTitle(_ text: String) -> String {
        var result = ""
        var previousIsLetter = false
        for character in text {
            result += previousIsLetter ? character.lowercased() : character.uppercased()
            previousIsLetter = character.isLetter
        }
        return result
    }
}

extension String {
    fileprivate var trimmingTrailingSlashes: String {
        var text = self
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }
}

extension HTTPField.Name {
    static let xForwardedProto = HTTPField.Name("X-Forwarded-Proto")!
    static let xForwardedHost = HTTPField.Name("X-Forwarded-Host")!
    static let host = HTTPField.Name("Host")!
}
