import Foundation
import JSON
import Logging
import Redis

extension CeleryWorker {
    /// Receives remote-control requests until `stop` is raised and answers them one at a time, in
    /// arrival order, as a Python worker's pidbox consumer does.
    ///
    /// The subscription runs on the control client's own thread and the handlers only read the
    /// worker's bookkeeping, so answers do not wait for running tasks.
    func controlLoop(until stop: StopSignal) async {
        guard configuration.remoteControl, let pidbox else { return }
        do {
            try await retryPolicy.run(logger: logger) { try await pidbox.declare() }
        } catch {
            logger.error("Could not declare the remote-control queue", metadata: [CeleryLogKey.error: "\(error)"])
        }
        let (requests, inbox) = AsyncStream.makeStream(of: KombuEnvelope.self)
        let listener = Task {
            await pidbox.listen(until: stop) { inbox.yield($0) }
            inbox.finish()
        }
        for await envelope in requests { await handleControl(envelope, answeringThrough: pidbox) }
        await listener.value
        do {
            try await pidbox.remove()
        } catch {
            logger.warning("Could not remove the remote-control queue", metadata: [CeleryLogKey.error: "\(error)"])
        }
    }

    /// Handles one pidbox message: selection by destination or pattern, the command, and the reply.
    func handleControl(_ envelope: KombuEnvelope, answeringThrough pidbox: Pidbox) async {
        clock.forward()
        guard let request = ControlRequest(envelope: envelope) else {
            logger.warning("Ignoring a remote-control message that is not a command")
            return
        }
        if let other = request.clock { clock.adjust(other) }
        guard request.isAddressed(to: configuration.nodeName) else { return }
        logger.debug("Remote control", metadata: ["celery.control.method": "\(request.method)"])
        guard let reply = await perform(request.method, request.arguments) else { return }
        guard let replyTo = request.replyTo else { return }
        do {
            try await pidbox.reply(reply, to: replyTo, ticket: request.ticket, clock: clock.forward())
        } catch {
            logger.warning("Could not reply to a remote-control command", metadata: [CeleryLogKey.error: "\(error)"])
        }
    }

    /// Runs a command and returns its reply; `nil` for commands that send none (`shutdown`).
    ///
    /// Replies have the shapes of `celery/worker/control.py`: `{"ok": …}`, `{"error": …}` or data.
    /// An unknown command is answered as kombu answers it: `{"error": "KeyError('<name>')"}`.
    func perform(_ method: String, _ arguments: JSONObject) async -> JSONValue? {
        switch method {
        case "ping": return ok("pong")
        case "stats": return await stats()
        case "active":
            let safe = arguments["safe"]?.bool ?? false
            return .array(state.activeRequests.map { info($0, safe: safe) })
        case "reserved":
            return .array(state.reservedRequests.map { info($0) })
        case "scheduled":
            return .array(
                state.scheduledRequests.map {
                    ["eta": .string(CeleryDate.format($0.eta)), "priority": 6, "request": info($0.request)]
                })
        case "revoked", "dump_revoked": return .array(revoked.all.map(JSONValue.string))
        case "registered", "dump_tasks":
            return .array(registry.names.filter { !$0.hasPrefix("celery.") }.map(JSONValue.string))
        case "active_queues": return .array(state.queues.map(queueInfo))
        case "conf": return conf()
        case "clock": return ["clock": .int(clock.current)]
        case "report": return ok(report())
        case "query_task":
            let ids = Set(Self.strings(arguments["ids"]))
            return .object(
                JSONObject(
                    state.query(ids).map { ($0.request.message.id, [.string($0.state), info($0.request)]) }))
        case "hello": return await hello(arguments)
        case "revoke":
            return await revoke(
                Self.strings(arguments["task_id"]), terminate: arguments["terminate"]?.bool ?? false,
                signal: arguments["signal"]?.string)
        case "terminate":
            return await revoke(
                Self.strings(arguments["task_id"]), terminate: true, signal: arguments["signal"]?.string)
        case "rate_limit": return rateLimit(arguments)
        case "time_limit": return timeLimit(arguments)
        case "shutdown":
            logger.warning("\(arguments["msg"]?.string ?? "Got shutdown from remote")")
            Task { await self.stop() }
            return nil
        case "enable_events":
            return ok(events.setTaskEvents(true) ? "task events enabled" : "task events already enabled")
        case "disable_events":
            return ok(events.setTaskEvents(false) ? "task events disabled" : "task events already disabled")
        case "heartbeat":
            events.sendWorkerEvent(
                "worker-heartbeat", active: state.activeCount, processed: state.processedTotal,
                frequency: 5)
            return .null
        case "pool_grow":
            addExecutors(state.resize(by: max(0, arguments["n"]?.int ?? 1)))
            return ok("pool will grow")
        case "pool_shrink":
            _ = state.resize(by: -max(0, arguments["n"]?.int ?? 1))
            return ok("pool will shrink")
        case "autoscale": return error("ValueError('Autoscale not enabled')")
        case "pool_restart": return error("ValueError('Pool restarts not enabled')")
        case "add_consumer": return await addConsumer(arguments)
        case "cancel_consumer":
            guard let queue = arguments["queue"]?.string else { return error("TypeError('queue is required')") }
            if state.removeQueue(queue) {
                logger.info("No longer consuming", metadata: ["celery.queue": "\(queue)"])
            }
            return ok("no longer consuming from \(queue)")
        default:
            logger.error("No such control command: \(method)")
            return error("KeyError('\(method)')")
        }
    }

    // MARK: - Commands

    private func ok(_ text: String) -> JSONValue { ["ok": .string(text)] }
    private func error(_ text: String) -> JSONValue { ["error": .string(text)] }

    /// Celery's `Request.info()`.
    private func info(_ request: HeldRequest, safe: Bool = false) -> JSONValue {
        let message = request.message
        return [
            "id": .string(message.id), "name": .string(message.name),
            "args": safe ? .string(message.argsRepr) : .array(message.args),
            "kwargs": safe ? .string(message.kwargsRepr) : .object(message.kwargs),
            "type": .string(message.name), "hostname": .string(configuration.nodeName),
            "time_start": request.timeStart.map(JSONValue.double) ?? .null,
            "acknowledged": .bool(request.acknowledged),
            "delivery_info": [
                "exchange": .string(message.exchange), "routing_key": .string(message.routingKey),
                "priority": .int(message.priority), "redelivered": .bool(message.isRedelivered),
            ],
            "worker_pid": request.timeStart == nil ? .null : .int(Int(getpid())),
        ]
    }

    /// kombu's `Queue.as_dict(recurse=True)` of a direct queue named like its exchange.
    private func queueInfo(_ name: String) -> JSONValue {
        [
            "name": .string(name),
            "exchange": [
                "name": .string(name), "type": "direct", "arguments": nil, "durable": true, "passive": false,
                "auto_delete": false, "delivery_mode": nil, "no_declare": false,
            ],
            "routing_key": .string(name), "queue_arguments": nil, "binding_arguments": nil,
            "consumer_arguments": nil, "durable": true, "exclusive": false, "auto_delete": false, "no_ack": false,
            "alias": nil, "bindings": [], "no_declare": nil, "expires": nil, "message_ttl": nil, "max_length": nil,
            "max_length_bytes": nil, "max_priority": nil,
        ]
    }

    private func stats() async -> JSONValue {
        let processed = state.processed
        let concurrency = state.concurrency
        return [
            "total": .object(JSONObject(processed.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
            "pid": .int(Int(getpid())),
            "clock": .string(String(clock.current)),
            "uptime": .int(Int((ContinuousClock.now - startedAt).seconds)),
            "pool": [
                "implementation": "swift-celery:TaskGroup",
                "max-concurrency": .int(concurrency),
                "processes": .array(pool.processIdentifiers.map { .int(Int($0)) }),
                "max-tasks-per-child": "N/A",
                "put-guarded-by-semaphore": false,
                "timeouts": [
                    configuration.softTimeLimit.map(JSONValue.double) ?? 0,
                    configuration.timeLimit.map(JSONValue.double) ?? 0,
                ],
                "writes": [:],
            ],
            "broker": brokerStats(),
            "prefetch_count": .int(state.currentPrefetchCount),
            "rusage": Self.resourceUsage(),
        ]
    }

    /// The `broker` part of `stats`: the connection, as kombu describes its own.
    private func brokerStats() -> JSONValue {
        guard let redis = controlConfiguration else { return .null }
        let (host, port): (String, Int) =
            switch redis.endpoint {
            case .tcp(let host, let port): (host, port)
            case .unixSocket(let path): (path, 0)
            case .sentinel(let nodes, _): (nodes.first?.host ?? "", nodes.first?.port ?? 26379)
            }
        return [
            "hostname": .string(host), "userid": redis.username.map(JSONValue.string) ?? .null,
            "virtual_host": .string(String(redis.database)), "port": .int(port), "insist": false,
            "ssl": .bool(redis.tls != nil),
            "transport": .string(redis.endpoint.transportName),
            "connect_timeout": .double(redis.connectTimeout.seconds),
            "transport_options": ["visibility_timeout": .int(Int(transport.visibilityTimeout.seconds))],
            "login_method": nil, "uri_prefix": nil, "heartbeat": 120.0, "failover_strategy": "round-robin",
            "alternates": [],
        ]
    }

    private static func resourceUsage() -> JSONValue {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        func seconds(_ time: timeval) -> JSONValue { .double(Double(time.tv_sec) + Double(time.tv_usec) / 1e6) }
        return [
            "utime": seconds(usage.ru_utime), "stime": seconds(usage.ru_stime), "maxrss": .int(usage.ru_maxrss),
            "ixrss": .int(usage.ru_ixrss), "idrss": .int(usage.ru_idrss), "isrss": .int(usage.ru_isrss),
            "minflt": .int(usage.ru_minflt), "majflt": .int(usage.ru_majflt), "nswap": .int(usage.ru_nswap),
            "inblock": .int(usage.ru_inblock), "oublock": .int(usage.ru_oublock), "msgsnd": .int(usage.ru_msgsnd),
            "msgrcv": .int(usage.ru_msgrcv), "nsignals": .int(usage.ru_nsignals), "nvcsw": .int(usage.ru_nvcsw),
            "nivcsw": .int(usage.ru_nivcsw),
        ]
    }

    /// The settings in Celery's names (`conf`), with the broker URL's password hidden.
    private func conf() -> JSONValue {
        let url = controlConfiguration.map { JSONValue.string($0.description) } ?? .null
        return [
            "broker_url": url, "result_backend": url,
            "broker_transport_options": ["visibility_timeout": .int(Int(transport.visibilityTimeout.seconds))],
            "result_expires": results.expires.map { .int(Int($0.seconds)) } ?? .null,
            "task_acks_late": .bool(configuration.acksLate),
            "task_track_started": .bool(configuration.trackStarted),
            "result_extended": .bool(configuration.resultExtended),
            "task_time_limit": configuration.timeLimit.map(JSONValue.double) ?? .null,
            "task_soft_time_limit": configuration.softTimeLimit.map(JSONValue.double) ?? .null,
            "worker_concurrency": .int(configuration.concurrency),
            "worker_prefetch_multiplier": .int(configuration.prefetchMultiplier),
            "worker_send_task_events": .bool(events.taskEventsEnabled),
            "task_queues": .array(configuration.queues.map(JSONValue.string)),
        ]
    }

    private func report() -> String {
        """
        software -> swift-celery \(EventDispatcher.softwareVersion) (Celery protocol v2)
        platform -> system:\(EventDispatcher.system) pid:\(getpid())
        node -> \(configuration.nodeName)
        broker -> \(controlConfiguration.map { "\($0)" } ?? "none")
        """
    }

    /// Mingle's `hello`: merges the sender's revoked ids and answers with ours (ids only, oldest
    /// first, as Celery 5.7 does) and the clock. Our own hello is answered with `null`.
    private func hello(_ arguments: JSONObject) async -> JSONValue {
        guard let from = arguments["from_node"]?.string, from != configuration.nodeName else { return .null }
        logger.info("sync with \(from)")
        await mergeRevoked(arguments["revoked"])
        return ["revoked": .array(revoked.all.map(JSONValue.string)), "clock": .int(clock.forward())]
    }

    /// Adds revoked ids sent by another node: a list of ids, or (Celery ≤ 5.6) an `{id: stamp}` map.
    func mergeRevoked(_ value: JSONValue?) async {
        let ids = value?.object.map { $0.map(\.key) } ?? Self.strings(value)
        guard !ids.isEmpty else { return }
        do {
            try await revoked.add(ids)
        } catch {
            logger.warning("Could not persist revoked ids", metadata: [CeleryLogKey.error: "\(error)"])
        }
    }

    /// `revoke`: remembers the ids (in Redis too), stores REVOKED for those not started anywhere, as
    /// Celery 5.7 does, and with `terminate` cancels the ones running here.
    private func revoke(_ ids: [String], terminate: Bool, signal: String?) async -> JSONValue {
        let unique = Array(Set(ids))
        do {
            try await revoked.add(ids)
        } catch {
            logger.warning("Could not persist revoked ids", metadata: [CeleryLogKey.error: "\(error)"])
        }
        let active = Set(state.activeRequests.map(\.message.id))
        for id in unique where !active.contains(id) {
            do {
                let current = try await results.meta(for: id)?.status ?? .pending
                guard [.pending, "RECEIVED", .retry, "REJECTED"].contains(current) else { continue }
                let revokedMeta = TaskResultMeta(
                    taskID: id, status: .revoked, result: TaskFailure.revoked("revoked").json)
                _ = try await results.store([revokedMeta], acknowledging: [])
            } catch {
                logger.warning(
                    "Failed to mark task as revoked in backend",
                    metadata: [CeleryLogKey.taskID: "\(id)", CeleryLogKey.error: "\(error)"])
            }
        }
        if terminate {
            let terminated = state.terminate(taskIDs: Set(unique))
            logger.info(
                "Terminating tasks",
                metadata: ["celery.tasks": "\(terminated)", "celery.signal": "\(signal ?? "SIGTERM")"])
            return ok(
                terminated.isEmpty ? "terminate: tasks unknown" : "terminate: " + terminated.joined(separator: ", "))
        }
        logger.info("Tasks flagged as revoked: \(unique.joined(separator: ", "))")
        return ok("tasks \(Self.pythonSet(unique)) flagged as revoked")
    }

    private func rateLimit(_ arguments: JSONObject) -> JSONValue {
        let text: String =
            switch arguments["rate_limit"] {
            case .string(let value)?: value
            case .int(let value)?: String(value)
            case .bigInt(let digits)?: digits
            case .double(let value)?: String(value)
            default: ""
            }
        guard let perSecond = TaskOverrides.parseRate(text) else {
            return error("Invalid rate limit string: ValueError(\(PythonRepr.repr(.string(text))))")
        }
        guard let name = arguments["task_name"]?.string, registry[name] != nil else { return error("unknown task") }
        overrides.setRate(perSecond, for: name)
        if perSecond == 0 { return ok("rate limit disabled successfully") }
        logger.info("New rate limit for tasks of type \(name): \(text).")
        return ok("new rate limit set successfully")
    }

    private func timeLimit(_ arguments: JSONObject) -> JSONValue {
        guard let name = arguments["task_name"]?.string, registry[name] != nil else { return error("unknown task") }
        let limits = TaskOverrides.TimeLimits(
            hard: TaskMessage.normalizedTimeLimit(arguments["hard"]?.double),
            soft: TaskMessage.normalizedTimeLimit(arguments["soft"]?.double))
        overrides.setTimeLimits(limits, for: name)
        logger.info(
            "New time limits for tasks of type \(name): soft=\(limits.soft.map { "\($0)" } ?? "None") hard=\(limits.hard.map { "\($0)" } ?? "None")"
        )
        return ok("time limits set successfully")
    }

    private func addConsumer(_ arguments: JSONObject) async -> JSONValue {
        guard let queue = arguments["queue"]?.string, !queue.isEmpty else {
            return error("TypeError('queue is required')")
        }
        do {
            try await transport.declare(queue: queue)
        } catch {
            return self.error("\(error)")
        }
        if state.addQueue(queue) { logger.info("Started consuming", metadata: ["celery.queue": "\(queue)"]) }
        return ok("add consumer \(queue)")
    }

    /// Mingle at startup: asks every node for its revoked ids and merges them.
    func mingle() async {
        guard let pidbox else { return }
        logger.info("mingle: searching for neighbors")
        do {
            let replies = try await pidbox.call(
                "hello",
                arguments: JSONObject([
                    ("from_node", .string(configuration.nodeName)),
                    ("revoked", .array(revoked.all.map(JSONValue.string))),
                ]),
                clock: clock.forward(), timeout: .seconds(1))
            var nodes = 0
            for reply in replies {
                for (node, value) in reply where node != configuration.nodeName {
                    guard let body = value.object else { continue }
                    nodes += 1
                    if let other = body["clock"]?.int { clock.adjust(other) }
                    await mergeRevoked(body["revoked"])
                }
            }
            logger.info(nodes == 0 ? "mingle: all alone" : "mingle: sync with \(nodes) nodes")
        } catch {
            logger.warning("mingle failed", metadata: [CeleryLogKey.error: "\(error)"])
        }
    }

    /// A JSON string or list of strings as a list.
    static func strings(_ value: JSONValue?) -> [String] {
        switch value {
        case .string(let text)?: [text]
        case .array(let items)?: items.compactMap(\.string)
        default: []
        }
    }

    /// Python's `repr(set_of_strings)`: `{'a', 'b'}`.
    private static func pythonSet(_ items: [String]) -> String {
        items.isEmpty ? "set()" : "{" + items.map { PythonRepr.repr(.string($0)) }.joined(separator: ", ") + "}"
    }
}
