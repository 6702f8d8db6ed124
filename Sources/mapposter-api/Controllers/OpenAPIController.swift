import Foundation
import Hummingbird
import NIOCore

/// `GET /openapi.json`: the contract `api/openapi.yaml`, as the JSON twin bundled with the executable.
struct OpenAPIController: Sendable {
    let document: ByteBuffer

    /// Loads the bundled `openapi.json`.
    init() throws {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json") else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: "openapi.json (in the bundle)"])
        }
        document = ByteBuffer(bytes: Array(try Data(contentsOf: url)))
    }

    func addRoutes(to router: Router<APIRequestContext>) {
        router.get("openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: document))
        }
    }
}
