import Celery
import Foundation
import JSON
import MapPosterTesting
import Redis
import Testing

/// Chords, saved groups and Celery's built-in `celery.starmap`/`celery.chunks` between Python Celery and Swift
/// workers: the chords are sent by Python, their header tasks run on Swift (and Python) workers, which join them in
/// Redis exactly as Celery 5.7's Redis backend does.
@Suite(.serialized) struct ChordTests {
    @Test func chordCallbackGetsTheHeaderResultsInOrder() async throws {
        try await withRedisServer { server in
            let worker = try startSwiftWorker(server, ["-c", "4"])
            try await withTearDown(worker) { worker in
                let python = PythonCelery(directory: Paths.python, redisURL: server.url())

                let summed = try await python.peer(["chord", "sum", "10"])
                #expect(summed["result"] as? Int == 90, "\(summed)")
                let collected = try await python.peer(["chord", "collect", "8"])
                #expect(collected["result"] as? [Int] == [0, 2, 4, 6, 8, 10, 12, 14], "\(collected)")
                await worker.stop()
            }
        }
    }

    /// Two Swift workers run the header tasks of one chord; its callback (which records each run) runs once.
    @Test func callbackIsSentOnceByTwoSwiftWorkers() async throws {
        try await withRedisServer { server in
            let first = try startSwiftWorker(server, ["-c", "4", "-n", "first@%h"])
            let second = try startSwiftWorker(server, ["-c", "4", "-n", "second@%h"])
            try await withTearDown(first) { first in
                try await withTearDown(second) { second in
                    let python = PythonCelery(directory: Paths.python, redisURL: server.url())

                    let report = try await python.peer(["chord", "once", "30"])
                    #expect(report["header"] as? [Int] == (0..<30).map { $0 * 2 })
                    try await expectRanOnce(report, server: server, workers: [first, second])
                }
            }
        }
    }

    /// A Swift and a Python worker run the header tasks of one chord (`py.add` on the Python worker's queue), both
    /// counting into the same Redis keys; whichever completes the chord sends the callback, once.
    @Test func swiftAndPythonWorkersJoinOneChord() async throws {
        try await withRedisServer { server in
            let swift = try startSwiftWorker(server, ["-c", "4"])
            let python = PythonCelery(directory: Paths.python, redisURL: server.url())
            let pythonWorker = try python.worker(["-Q", "py", "-c", "2", "-P", "threads"])
            try await withTearDown(swift) { swift in
                try await withTearDown(pythonWorker) { pythonWorker in

                    let report = try await python.peer(["chord", "mixed", "12"])
                    #expect(report["header"] as? [Int] == (0..<12).map { $0 * 2 })
                    try await expectRanOnce(report, server: server, workers: [swift, pythonWorker])
                }
            }
        }
    }

    /// The chord's result raises `ChordError` naming the failed header task and its exception, as Celery words it.
    @Test func failedHeaderTaskFailsTheCallbackWithChordError() async throws {
        try await withRedisServer { server in
            let worker = try startSwiftWorker(server, ["-c", "4"])
            try await withTearDown(worker) { worker in
                let python = PythonCelery(directory: Paths.python, redisURL: server.url())

                let failed = try await python.peer(["chord", "failed", "4"])
                let failedID = try #require(failed["failed_id"] as? String)
                #expect(failed["error_type"] as? String == "ChordError", "\(failed)")
                #expect(failed["error_module"] as? String == "celery.exceptions")
                #expect(failed["error_str"] as? String == "Dependency \(failedID) raised ValueError('bad', 42)")
                #expect(failed["state"] as? String == "FAILURE")
                await worker.stop()
            }
        }
    }

    /// A group Python saved is restored in Swift, and one Swift saved is restored by Python's `GroupResult.restore`.
    @Test func groupResultsAreSavedAndRestoredBothWays() async throws {
        try await withRedisServer { server in
            let worker = try startSwiftWorker(server, ["-c", "4"])
            try await withTearDown(worker) { worker in
                let python = PythonCelery(directory: Paths.python, redisURL: server.url())
                try await withSwiftClient(server) { _, producer in
                    let backend = try #require(producer.backend)

                    let saved = try await python.peer(["group", "4"])
                    let savedID = try #require(saved["id"] as? String)
                    let pythonGroup = try #require(try await backend.restoreGroup(savedID))
                    #expect(pythonGroup.taskIDs == saved["ids"] as? [String])
                    #expect(try await pythonGroup.get() == [0, 2, 4, 6])

                    let groupID = newIdentifier()
                    var taskIDs: [String] = []
                    for index in 0..<3 {
                        let options = TaskOptions(groupID: groupID, groupIndex: index)
                        taskIDs.append(
                            try await producer.send("tests.add", args: [.int(index), 10], options: options).id)
                    }
                    try await GroupResult(id: groupID, taskIDs: taskIDs, backend: backend).save()
                    let restored = try await python.peer(["restore", groupID])
                    #expect(restored["ids"] as? [String] == taskIDs)
                    #expect(restored["result"] as? [Int] == [10, 11, 12])
                    #expect(try await backend.restoreGroup(newIdentifier()) == nil)
                }
                await worker.stop()
            }
        }
    }

    @Test func starmapAndChunksRunOnTheSwiftWorker() async throws {
        try await withRedisServer { server in
            let worker = try startSwiftWorker(server, ["-c", "4"])
            try await withTearDown(worker) { worker in
                let python = PythonCelery(directory: Paths.python, redisURL: server.url())

                let starmap = try await python.peer(["map", "starmap"])
                #expect(starmap["result"] as? [Int] == [0, 2, 4, 6, 8], "\(starmap)")
                let chunks = try await python.peer(["map", "chunks"])
                #expect(chunks["result"] as? [[Int]] == [[0, 2], [4, 6], [8]], "\(chunks)")
                let chunksTask = try await python.peer(["map", "chunks_task"])
                #expect(chunksTask["result"] as? [[Int]] == [[0, 2], [4, 6], [8]], "\(chunksTask)")
                await worker.stop()
            }
        }
    }

    /// A chord built by the Swift producer on the backend's `setChordSize`, joined by the Swift worker.
    @Test func swiftProducerChord() async throws {
        try await withRedisServer { server in
            let worker = try startSwiftWorker(server, ["-c", "4"])
            try await withTearDown(worker) { worker in
                try await withSwiftClient(server) { client, producer in
                    let backend = try #require(producer.backend)

                    let groupID = newIdentifier()
                    let callbackID = newIdentifier()
                    let callback: JSONValue = [
                        "task": "tests.xsum", "args": [], "kwargs": [:],
                        "options": ["task_id": .string(callbackID), "group_id": .string(groupID)],
                        "subtask_type": nil, "immutable": false,
                    ]
                    try await backend.setChordSize(groupID: groupID, size: 5)
                    for index in 0..<5 {
                        let embed = JSONObject([
                            ("callbacks", nil), ("errbacks", nil), ("chain", nil), ("chord", callback),
                        ])
                        try await producer.publish(
                            "tests.add", args: [.int(index), .int(index)], kwargs: JSONObject(), embed: embed,
                            options: TaskOptions(groupID: groupID, groupIndex: index))
                    }
                    #expect(try await AsyncResult(id: callbackID, backend: backend).get() == 20)
                    #expect(
                        try await client.execute(["GET", backend.groupKey(for: groupID, suffix: ".c")]).string == "done"
                    )
                    #expect(
                        try await client.execute(["EXISTS", backend.groupKey(for: groupID, suffix: ".j")]).int == 0)
                }
                await worker.stop()
            }
        }
    }

    /// The chord's callback (`tests.record`, immutable) ran once: once the workers have stopped (running tasks
    /// finished, held messages back in their queues), its id is in the list once and no copy waits in a queue.
    private func expectRanOnce(_ report: [String: Any], server: RedisServer, workers: [ChildProcess]) async throws {
        let callbackID = try #require(report["result"] as? String, "\(report)")
        for worker in workers { await worker.stop() }
        try await withTearDown(try RedisClient(configuration: try RedisConfiguration(url: server.url()))) { client in
            let runs = try await client.execute(["LRANGE", "chord:runs", "0", "-1"]).array?.compactMap(\.string)
            #expect(runs == [callbackID])
            for queue in ["celery", "py"] {
                #expect(try await client.execute(["LLEN", queue]).int == 0)
            }
        }
    }
}
