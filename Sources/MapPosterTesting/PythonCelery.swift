package import Foundation

/// The Python Celery peer of the interop tests: runs `peer.py` commands and `celery worker`
/// processes on the `interop_app.py` module in `Tests/IntegrationTests/python/`.
package struct PythonCelery: Sendable {
    /// The folder holding `interop_app.py` and `peer.py`.
    package let directory: URL
    package let redisURL: String
    package var extraEnvironment: [String: String]

    package init(directory: URL, redisURL: String, extraEnvironment: [String: String] = [:]) {
        self.directory = directory
        self.redisURL = redisURL
        self.extraEnvironment = extraEnvironment
    }

    private var environment: [String: String] {
        ["REDIS_URL": redisURL, "PYTHONPATH": directory.path, "PYTHONDONTWRITEBYTECODE": "1"].merging(extraEnvironment)
        { $1 }
    }

    /// Runs `peer.py` with `arguments` and returns the JSON object it printed.
    package func peer(_ arguments: [String], timeout: Duration = .seconds(90)) async throws -> [String: Any] {
        let process = try ChildProcess(
            "python3", [directory.appendingPathComponent("peer.py").path] + arguments, environment: environment)
        guard let status = await process.waitForExit(timeout: timeout) else {
            await process.stop(signal: SIGKILL)
            throw TestServerError("peer.py \(arguments) timed out:\n\(process.output)")
        }
        let output = process.output
        guard status == 0, let line = output.split(separator: "\n").last(where: { $0.hasPrefix("{") }),
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        else { throw TestServerError("peer.py \(arguments) failed (\(status)):\n\(output)") }
        return object
    }

    /// Starts `celery -A interop_app worker` with `arguments` added; stop it with ``ChildProcess/stop(signal:timeout:)``.
    package func worker(_ arguments: [String] = []) throws -> ChildProcess {
        try ChildProcess(
            "python3",
            ["-m", "celery", "-A", "interop_app", "worker", "--without-mingle", "--without-gossip", "-l", "info"]
                + arguments,
            environment: environment
        )
    }
}
