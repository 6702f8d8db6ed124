import Celery
import Hummingbird
import JSON

/// `GET /tasks/{task_id}` and `GET /download/{task_id}`, read from Celery's Redis result backend.
struct TaskController: Sendable {
    let backend: RedisResultBackend

    func addRoutes(to router: Router<APIRequestContext>) {
        router.get("tasks/:task_id", use: task)
        router.get("download/:task_id", use: download)
    }

    @Sendable func task(request: Request, context: APIRequestContext) async throws -> Response {
        let id = try context.parameters.require("task_id")
        return .json(Self.body(taskID: id, meta: try await backend.meta(for: id)))
    }

    @Sendable func download(request: Request, context: APIRequestContext) async throws -> Response {
        let id = try context.parameters.require("task_id")
        guard let meta = try await backend.meta(for: id), meta.status == .success,
            let url = meta.result["file_url"]?.string, !url.isEmpty
        else {
            throw APIError.detail(.notFound, "Result not ready or not found")
        }
        return Response(status: .temporaryRedirect, headers: [.location: url])
    }

    /// The original's answer for each state, keys in its order: `task_id, status, result, error[, progress]`.
    static func body(taskID: String, meta: TaskResultMeta?) -> JSONValue {
        let status = meta?.status ?? .pending
        var members: [(String, JSONValue)] = [("task_id", .string(taskID)), ("status", .string(status.rawValue))]
        switch status {
        case .pending:
            members += [("result", .null), ("error", .null), ("progress", progress(0, "Pending..."))]
        case .progress:
            members += [("result", .null), ("error", .null), ("progress", meta?.result ?? .null)]
        case .success:
            members += [("result", meta?.result ?? .null), ("error", .null), ("progress", progress(100, "Completed"))]
        case .failure:
            members += [("result", .null), ("error", .string(errorText(meta)))]
        default:
            members += [("result", .null), ("error", .null)]
        }
        return .object(JSONObject(members))
    }

    /// `str(exception)` of the stored exception, as Python rebuilds it.
    static func errorText(_ meta: TaskResultMeta?) -> String {
        if let failure = meta?.failure { return failure.message }
        guard let result = meta?.result else { return "" }
        return result.string ?? result.serialized(.python)
    }

    private static func progress(_ current: Int, _ text: String) -> JSONValue {
        ["current": .int(current), "total": 100, "status": .string(text)]
    }
}
