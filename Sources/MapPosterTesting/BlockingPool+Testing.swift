public import BlockingWork

extension BlockingPool {
    /// One pool for a test process's blocking work, shared by every test: its threads start at the first work and
    /// live as long as the process (no test runs it as a service). Tests of the pool itself make their own.
    public static let testing = BlockingPool()
}
