import HTTPTypes
import Hummingbird
import JSON

extension Router<APIRequestContext> {
    /// The methods a known path answers 405 for when it has no route for them.
    static let standardMethods: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete, .options]

    /// Answers every standard method that a known path does not serve with FastAPI's 405:
    /// `{"detail":"Method Not Allowed"}` and `Allow` listing the methods it does serve (`GET /generate` is a 405,
    /// not a 404). Call it after every route is added.
    func addMethodNotAllowedRoutes() {
        let served = Dictionary(grouping: routes, by: \.path.description)
        for descriptions in served.values {
            let methods = descriptions.map(\.method)
            let error = APIError(
                status: .methodNotAllowed, body: ["detail": "Method Not Allowed"],
                headers: [.allow: methods.map(\.rawValue).sorted().joined(separator: ", ")])
            for method in Self.standardMethods where !methods.contains(method) {
                on(descriptions[0].path, method: method) { _, _ -> Response in throw error }
            }
        }
    }
}
