import Celery
import Foundation
import JSON
import MapPosterTesting
import Redis
import Testing

/// A real Python Celery producer sends; the Swift worker runs; Python's `AsyncResult` reads.
@Suite(.serialized) struct PythonProducerToSwiftWorkerTests {
    @Test func delayApplyAsyncAndSendTaskReturnValues() async throws {
        try await withRedisServer { server in
            let worker = try startSwiftWorker(server, ["-c", "2"])
            try await withTearDown(worker) { worker in
                let python = PythonCelery(directory: Paths.python, redisURL: server.url())

                let delayed = try await python.peer(["call", "tests.add", "[2, 2]", #"{"via": "delay"}"#])
                #expect(delayed["result"] as? Int == 4)
                let sent = try await python.peer(["call", "tests.add", "[1.5, 2]"])
                #expect(sent["result"] as? Double == 3.5)
                let options = #"{"countdown": 1, "expires": 600, "priority": 5}"#
                let counted = try await python.peer(["call", "tests.add", "[10, 20]", options])
                #expect(counted["result"] as? Int == 30)
                let eta = try await python.peer(["call", "tests.add", "[1, 1]", #"{"eta_in": 1.5}"#])
                #expect(eta["result"] as? Int == 2)
                let kwargs = try await python.peer([
                    "call", "tests.echo_kwargs", "[]", #"{"kwargs": {"city": "Zürich", "n": 1}}"#,
                ])
                let echoed = try #require(kwargs["result"] as? [String: Any])
                #expect(echoed["city"] as? String == "Zürich")
                #expect(echoed["n"] as? Int == 1)
                await worker.stop()
            }
        }
    }

    @Test func countdownIsHonoured() async throws {
        try await withRedisServer { server in
            let worker = try startSwiftWorker(server, ["-c", "2"])
            try await withTearDown(worker) { worker in
                let python = PythonCelery(directory: Paths.python, redisURL: server.url())
                let sentAt = Date()
                let sent = try await python.peer(["send", "tests.add", "[1, 2]", #"{"countdown": 3}"#])
                let id = try #require(sent["id"] as? String)
                try await withSwiftClient(server) { _, producer in
                    let result = try await AsyncResult(id: id, backend: producer.backend).get(timeout: .seconds(20))
                    #expect(result == 3)
                    #expect(Date().timeIntervalSince(sentAt) >= 2.9)
                }
                await worker.stop()
            }
        }
    }

    @Test func raisingTaskRaisesThePythonExceptionClass() async throws {
        try await withRedisServer { server in
            let worker = try startSwiftWorker(server, ["-c", "1"])
            try await withTearDown(worker) { worker in
                let python = PythonCelery(directory: Paths.python, redisURL: server.url())
                let failed = try await python.peer(["call", "tests.boom", "[]"])
                #expect(failed["error_type"] as? String == "ValueError")
                #expect(failed["error_module"] as? String == "builtins")
                #expect(failed["error_args"] as? [AnyHashable] == ["bad", 42])
                #expect(failed["state"] as? String == "FAILURE")

                let unknown = try await python.peer(["call", "tests.not_there", "[]"])
                #expect(unknown["error_type"] as? String == "NotRegistered")
                await worker.stop()
            }
        }
    }

    /// Python's canvas primitives built on the Python side, run by the Swift worker: chains, `link` callbacks, a
    /// chain whose first step fails (the last step must fail too, as Celery's `_fail_chain` stores it), and a
    /// `link_error` errback, which Celery sends with the failed task's id as its first argument.
    @Test func chainsCallbacksAndErrbacks() async throws {
        try await withRedisServer { server in
            let worker = try startSwiftWorker(server, ["-c", "2"])
            try await withTearDown(worker) { worker in
                let python = PythonCelery(directory: Paths.python, redisURL: server.url())

                let chained = try await python.peer(["canvas", "chain"])
                #expect(chained["result"] as? Int == 16)
                #expect(chained["parent"] as? Int == 8)
                let linked = try await python.peer(["canvas", "link"])
                #expect(linked["result"] as? Int == 2)
                #expect(linked["children"] as? [Int] == [12])

                let failedChain = try await python.peer(["canvas", "failed_chain"])
                #expect(failedChain["error_type"] as? String == "ValueError")
                #expect(failedChain["error_args"] as? [AnyHashable] == ["bad", 42])
                #expect(failedChain["state"] as? String == "FAILURE")

                let errback = try await python.peer(["canvas", "errback"])
                let failure = try #require(errback["failure"] as? [String: Any])
                #expect(failure["error_type"] as? String == "ValueError")
                let errbackID = try #require(errback["errback_id"] as? String)
                #expect(errback["recorded"] as? String == errbackID)
                #expect(errback["runs"] as? [String] == [errbackID])
                await worker.stop()
            }
        }
    }

    /// `compression=` on the Python side (kombu's zlib, bzip2 and lzma codecs) reaches the Swift worker intact.
    @Test func compressedBodiesAreDecompressed() async throws {
        try await withRedisServer { server in
            let worker = try startSwiftWorker(server, ["-c", "2"])
            try await withTearDown(worker) { worker in
                let python = PythonCelery(directory: Paths.python, redisURL: server.url())
                for (index, codec) in ["gzip", "bzip2", "xz"].enumerated() {
                    let options =
                        #"{"compression": "\#(codec)", "kwargs": {"codec": "\#(codec)", "text": "\#(codec) ü"}}"#
                    let echoed = try await python.peer(["call", "tests.echo_kwargs", "[]", options])
                    let result = try #require(echoed["result"] as? [String: Any], "\(codec): \(echoed)")
                    #expect(result["codec"] as? String == codec)
                    #expect(result["text"] as? String == "\(codec) ü")
                    let added = try await python.peer([
                        "call", "tests.add", "[\(index), 40]", #"{"compression": "\#(codec)"}"#,
                    ])
                    #expect(added["result"] as? Int == index + 40, "\(codec)")
                }
                await worker.stop()
            }
        }
    }

    @Test func progressMetaIsReadByAsyncResultInfo() async throws {
        try await withRedisServer { server in
            let worker = try startSwiftWorker(server, ["-c", "1"])
            try await withTearDown(worker) { worker in
                let python = PythonCelery(directory: Paths.python, redisURL: server.url())
                // 30 steps of 0.2 s: wide enough for a Python peer to start and look on a loaded machine.
                let sent = try await python.peer(["send", "tests.progress", "[30]"])
                let id = try #require(sent["id"] as? String)
                var sawProgress = false
                for _ in 0..<40 where !sawProgress {
                    let info = try await python.peer(["info", id])
                    if info["state"] as? String == "PROGRESS", let meta = info["info"] as? [String: Int] {
                        #expect(meta["total"] == 30)
                        #expect((1...30).contains(meta["done"] ?? 0))
                        sawProgress = true
                    }
                }
                #expect(sawProgress)
                let done = try await python.peer(["get", id])
                #expect(done["result"] as? String == "done")
                await worker.stop()
            }
        }
    }

    @Test func expiredTaskIsRevokedAndRetriesReachSuccess() async throws {
        try await withRedisServer { server in
            let worker = try startSwiftWorker(server, ["-c", "2"])
            try await withTearDown(worker) { worker in
                let python = PythonCelery(directory: Paths.python, redisURL: server.url())
                // eta after expiry: the worker holds it until the eta, then finds it expired.
                let expired = try await python.peer([
                    "call", "tests.add", "[1, 1]", #"{"eta_in": 1.5, "expires": 0.5}"#,
                ])
                #expect(expired["error_type"] as? String == "TaskRevokedError")
                #expect(expired["state"] as? String == "REVOKED")
                let retried = try await python.peer(["call", "tests.retry", "[2]"])
                #expect(retried["result"] as? Int == 2)
                await worker.stop()
            }
        }
    }

    @Test func timeLimitsFailTheTask() async throws {
        try await withRedisServer { server in
            let worker = try startSwiftWorker(server, ["-c", "2"])
            try await withTearDown(worker) { worker in
                let python = PythonCelery(directory: Paths.python, redisURL: server.url())
                let soft = try await python.peer(["call", "tests.sleep", "[30]", #"{"soft_time_limit": 0.5}"#])
                #expect(soft["error_type"] as? String == "SoftTimeLimitExceeded")
                let hard = try await python.peer(["call", "tests.spin", "[30]", #"{"time_limit": 1}"#])
                #expect(hard["error_type"] as? String == "TimeLimitExceeded")
                // The worker still serves tasks afterwards.
                #expect(try await python.peer(["call", "tests.add", "[3, 4]"])["result"] as? Int == 7)
                await worker.stop()
            }
        }
    }

    /// Python's `json` reads integers of any size and unpaired surrogate escapes; neither may turn into a float or
    /// a dead-lettered message on the Swift side (argsrepr carries the raw `'\ud800'` too).
    @Test func bigIntegersAndLoneSurrogatesRunExactly() async throws {
        try await withRedisServer { server in
            let worker = try startSwiftWorker(server, ["-c", "2"])
            try await withTearDown(worker) { worker in
                let python = PythonCelery(directory: Paths.python, redisURL: server.url())
                let twoToThe70 = "1180591620717411303424"
                let added = try await python.peer(["call", "tests.add", "[\(twoToThe70), 1]"])
                #expect(added["result_repr"] as? String == "1180591620717411303425")
                let echoed = try await python.peer([
                    "call", "tests.echo_kwargs", "[]", #"{"kwargs": {"n": -\#(twoToThe70), "s": "a\ud800b"}}"#,
                ])
                #expect(echoed["result_repr"] as? String == "{'n': -\(twoToThe70), 's': 'a\u{FFFD}b'}")
                try await withSwiftClient(server) { client, _ throws in
                    #expect(try await client.execute(["LLEN", "celery.deadletter"]) == .integer(0))
                }
                await worker.stop()
            }
        }
    }
}
