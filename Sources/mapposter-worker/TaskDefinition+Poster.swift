import Celery
import JSON
import Logging
import PosterJob
import PosterSchema

extension TaskDefinition {
    /// `backend.tasks.generate_poster_task` on Celery: the one positional dict goes to
    /// ``PosterJob/PosterTask/run(_:progress:)``, each report becomes a `PROGRESS` state, and a
    /// ``PosterSchema/PosterJobError`` becomes the Python builtin exception it names.
    static func generatePoster(_ task: PosterTask) -> TaskDefinition {
        TaskDefinition(name: PosterTask.name) { context in
            let argument = try requestArgument(context)
            do {
                let result = try await task.logging(to: taskLogger(context)).run(argument) { progress in
                    try await context.updateState("PROGRESS", meta: progress.json)
                }
                return result.json
            } catch let error as PosterJobError {
                throw TaskFailure(type: error.pythonExceptionType, arguments: [.string(error.message)])
            }
        }
    }

    /// `mapposter.preview_poster` (ours): the same dict, answered with a small PNG as a data URL
    /// (``PosterJob/PosterPreview``); nothing is stored.
    static func previewPoster(_ task: PosterTask) -> TaskDefinition {
        TaskDefinition(name: PosterTask.previewName) { context in
            let argument = try requestArgument(context)
            do {
                return try await task.logging(to: taskLogger(context)).preview(argument).json
            } catch let error as PosterJobError {
                throw TaskFailure(type: error.pythonExceptionType, arguments: [.string(error.message)])
            }
        }
    }

    /// The pipeline's logger for the task of `context`: its id and name as metadata, as the worker's own lines.
    private static func taskLogger(_ context: TaskContext) -> Logger {
        Logger(label: "mapposter.poster").forTask(context.message)
    }

    /// The `request_data` argument, positional or by keyword, with Python's `TypeError` otherwise.
    private static func requestArgument(_ context: TaskContext) throws -> JSONValue {
        switch (context.args.count, context.kwargs["request_data"]) {
        case (1, nil): return context.args[0]
        case (0, let value?) where context.kwargs.count == 1: return value
        case (0, nil) where context.kwargs.isEmpty:
            throw TaskFailure(
                type: "TypeError",
                arguments: ["generate_poster_task() missing 1 required positional argument: 'request_data'"])
        default:
            throw TaskFailure(
                type: "TypeError",
                arguments: [.string("generate_poster_task() takes 1 positional argument (request_data)")])
        }
    }
}
