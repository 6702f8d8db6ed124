package import Foundation

/// A throw-away certificate authority with a server certificate for `127.0.0.1`/`localhost` and a client
/// certificate, made with `openssl`, for TLS tests against real servers.
package struct TestCertificates: Sendable {
    package let directory: URL
    package var authorityPath: String { path("ca.pem") }
    package var serverCertificatePath: String { path("server.pem") }
    package var serverKeyPath: String { path("server.key") }
    package var clientCertificatePath: String { path("client.pem") }
    package var clientKeyPath: String { path("client.key") }

    private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Makes a new authority (named `authorityName`) and the certificates it signs, in a new temporary folder.
    package static func make(authorityName: String = "MapPoster test CA") async throws -> TestCertificates {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("certs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let made = TestCertificates(directory: directory)
        let key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try await openssl(
            ["req", "-x509"] + key
                + [
                    "-keyout", made.path("ca.key"), "-out", made.authorityPath, "-days", "2", "-subj",
                    "/CN=\(authorityName)",
                ])
        let alternativeNames = made.path("san.ext")
        try Data("subjectAltName=IP:127.0.0.1,DNS:localhost\n".utf8).write(to: URL(fileURLWithPath: alternativeNames))
        for (name, extensions) in [("server", ["-extfile", alternativeNames]), ("client", [])] {
            let request = made.path("\(name).csr")
            try await openssl(
                ["req"] + key + ["-keyout", made.path("\(name).key"), "-out", request, "-subj", "/CN=\(name)"])
            try await openssl(
                [
                    "x509", "-req", "-in", request, "-CA", made.authorityPath, "-CAkey", made.path("ca.key"),
                    "-CAcreateserial", "-out", made.path("\(name).pem"), "-days", "2",
                ] + extensions)
        }
        return made
    }

    private static func openssl(_ arguments: [String]) async throws {
        let process = try ChildProcess("openssl", arguments)
        guard await process.waitForExit(timeout: .seconds(30)) == 0 else {
            throw TestServerError("openssl \(arguments.joined(separator: " ")) failed:\n\(process.output)")
        }
    }
}
