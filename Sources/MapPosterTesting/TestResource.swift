public import Redis

/// Something a test starts and must stop before it ends: a child process, a server, a proxy.
///
/// Use it through ``withTearDown(_:_:)``, which awaits ``tearDown()`` after the test's body, so the
/// next test never starts while this one's worker, Python peer, proxy or server is still running.
/// A `defer { Task { await resource.stop() } }` does not wait, and loses any error the stop throws.
///
/// Test support (the `MapPosterTesting` product), public only for the tests of `Examples/`; not API: it may change
/// in any release.
public protocol TestResource: Sendable {
    /// Stops the resource and waits until it has stopped.
    func tearDown() async throws
}

/// Runs `body` with `resource`, then awaits `resource.tearDown()`, whether `body` returned or threw.
///
/// ```swift
/// let worker = try startSwiftWorker(server, ["-c", "2"])
/// try await withTearDown(worker) { worker in
///     // … the test …
/// }
/// ```
///
/// Test support (the `MapPosterTesting` product), public only for the tests of `Examples/`; not API: it may change
/// in any release.
/// - Returns: what `body` returns.
/// - Throws: what `body` throws; otherwise what the tear-down throws.
public func withTearDown<Resource: TestResource, Result>(
    _ resource: Resource,
    _ body: (Resource) async throws -> Result
) async throws -> Result {
    try await withTearDown(resource, tearDown: { try await $0.tearDown() }, body)
}

/// Runs `body` with `resource`, then awaits `tearDown(resource)`, whether `body` returned or threw.
///
/// For resources that are not a ``TestResource``, such as several workers:
/// `withTearDown(workers, tearDown: { for worker in $0 { await worker.stop() } }) { workers in … }`.
///
/// Test support (the `MapPosterTesting` product), public only for the tests of `Examples/`; not API: it may change
/// in any release.
/// - Returns: what `body` returns.
/// - Throws: what `body` throws (the tear-down still runs, and its own error is dropped); otherwise
///   what `tearDown` throws.
public func withTearDown<Resource, Result>(
    _ resource: Resource,
    tearDown: (Resource) async throws -> Void,
    _ body: (Resource) async throws -> Result
) async throws -> Result {
    let result: Result
    do {
        result = try await body(resource)
    } catch {
        try? await tearDown(resource)
        throw error
    }
    try await tearDown(resource)
    return result
}

extension ChildProcess: TestResource {
    /// Stops the process with ``stop(signal:timeout:)``'s defaults (SIGTERM, then SIGKILL after 10 seconds).
    public func tearDown() async { await stop() }
}

extension RedisServer: TestResource {
    /// Stops the server with SIGTERM, so that an append-only file is flushed.
    public func tearDown() async { await stop() }
}

extension SentinelCluster: TestResource {
    /// Stops every sentinel and server, as ``stop()`` does.
    package func tearDown() async { await stop() }
}

extension FaultProxy: TestResource {
    /// Closes the listening socket and every proxied connection, as ``stop()`` does.
    package func tearDown() async { await stop() }
}

extension RedisClient: TestResource {
    /// Closes every connection with `close()`, so a test's client is closed whether the test passed or failed:
    ///
    /// ```swift
    /// try await withTearDown(try RedisClient(configuration: RedisConfiguration(url: server.url()))) { client in
    ///     // … the test …
    /// }
    /// ```
    /// Closing twice is harmless, so a test that closes its client itself to check what a closed client does
    /// still runs inside ``withTearDown(_:_:)``.
    public func tearDown() async throws { try await close() }
}
