/// Runs `body` with a new ``BlockingPool``, then shuts the pool down (its work finished, its threads ended), also
/// when `body` throws: for a command that runs once and is no `ServiceGroup`.
///
/// - Parameters:
///   - threadCount: the pool's threads. Defaults to ``BlockingPool/defaultThreadCount``.
///   - body: the work that needs the pool.
/// - Returns: what `body` returns.
public func withBlockingPool<Result>(
    threadCount: Int = BlockingPool.defaultThreadCount,
    _ body: (BlockingPool) async throws -> Result
) async throws -> Result {
    let pool = BlockingPool(threadCount: threadCount)
    let result: Result
    do {
        result = try await body(pool)
    } catch {
        try await pool.shutDown()
        throw error
    }
    try await pool.shutDown()
    return result
}
