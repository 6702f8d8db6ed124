import BlockingWork
import Curl
import Foundation
import JSON
import Logging

/// Sends error events to Sentry as envelopes (`POST /api/<project>/envelope/`) when `SENTRY_DSN` is set.
///
/// Each ``capture(_:method:path:logger:)`` posts in the background over libcurl (on the blocking-work pool)
/// with a 5 s timeout, so a slow Sentry never delays an answer. Events carry the error's type and text,
/// the request's method and path, and nothing from bodies or headers.
struct SentryReporter: Sendable {
    /// The DSN's parts: `scheme://publicKey@host[:port]/[path/]projectID`.
    let envelopeURL: String
    let publicKey: String
    let dsn: String
    /// Release written on events. Defaults to `mapposter-api@1.0.0`.
    let release: String
    /// Where the posts run.
    let pool: BlockingPool

    /// Parses `dsn`; `nil` when it is not a Sentry DSN. Events are posted on `pool`.
    init?(dsn: String, release: String = "mapposter-api@1.0.0", pool: BlockingPool) {
        guard let url = URLComponents(string: dsn), let scheme = url.scheme, let host = url.host,
            let key = url.user, !key.isEmpty
        else { return nil }
        var path = url.path.split(separator: "/").map(String.init)
        guard let project = path.popLast(), !project.isEmpty else { return nil }
        let port = url.port.map { ":\($0)" } ?? ""
        let prefix = path.isEmpty ? "" : "/" + path.joined(separator: "/")
        envelopeURL = "\(scheme)://\(host)\(port)\(prefix)/api/\(project)/envelope/"
        publicKey = key
        self.dsn = dsn
        self.release = release
        self.pool = pool
    }

    /// Reports `error` in the background.
    func capture(_ error: any Error, method: String, path: String, logger: Logger) {
        let body = envelope(for: error, method: method, path: path)
        let request = CurlRequest(
            method: "POST", url: envelopeURL,
            headers: [
                ("Content-Type", "application/x-sentry-envelope"),
                ("X-Sentry-Auth", "Sentry sentry_version=7, sentry_key=\(publicKey), sentry_client=mapposter-api/1.0"),
            ],
            body: Data(body.utf8), connectTimeout: 5, timeout: 5, maxResponseSize: 64 * 1024,
            userAgent: "mapposter-api/1.0")
        Task.detached {
            do {
                let response = try await CurlEasyHandle.transfer(request, on: pool)
                if response.status >= 300 {
                    logger.warning("sentry refused the event", metadata: ["sentry.status": "\(response.status)"])
                }
            } catch {
                logger.warning("sentry unreachable", metadata: [APILogKey.error: "\(error)"])
            }
        }
    }

    /// The envelope text: a header line, an item header line, and the event.
    func envelope(for error: any Error, method: String, path: String, now: Date = Date()) -> String {
        let id = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let timestamp = formatter.string(from: now)
        let header: JSONValue = ["event_id": .string(id), "dsn": .string(dsn), "sent_at": .string(timestamp)]
        let event: JSONValue = [
            "event_id": .string(id), "timestamp": .string(timestamp), "platform": "other", "level": "error",
            "logger": "mapposter-api", "release": .string(release),
            "server_name": .string(ProcessInfo.processInfo.hostName),
            "transaction": .string("\(method) \(path)"),
            "request": ["method": .string(method), "url": .string(path)],
            "exception": [
                "values": [["type": .string(String(describing: type(of: error))), "value": .string("\(error)")]]
            ],
        ]
        let eventText = event.serialized(.compact)
        let itemHeader: JSONValue = ["type": "event", "length": .int(eventText.utf8.count)]
        return header.serialized(.compact) + "\n" + itemHeader.serialized(.compact) + "\n" + eventText + "\n"
    }
}
