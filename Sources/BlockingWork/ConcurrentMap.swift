import Dispatch

extension RandomAccessCollection where Index == Int, Self: Sendable {
    /// The results of `transform` on every element, in order, computed on all cores (`DispatchQueue.concurrentPerform`).
    ///
    /// Blocks the calling thread until every element is done: call it from a ``BlockingPool`` thread, never from the
    /// cooperative pool. The first failure in element order is thrown, once every element has been tried.
    package func concurrentMap<Result, Failure: Error>(
        _ transform: @Sendable (Element) throws(Failure) -> Result
    ) throws(Failure) -> [Result] {
        let count = self.count
        guard count > 1 else { return try map(transform) }
        let results = UnsafeMutableBufferPointer<Swift.Result<Result, Failure>?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer {
            _ = results.deinitialize()
            results.deallocate()
        }
        // Each iteration writes only its own element, so sharing the buffer is race-free.
        nonisolated(unsafe) let output = results
        let start = startIndex
        DispatchQueue.concurrentPerform(iterations: count) { offset in
            output[offset] = Swift.Result { () throws(Failure) -> Result in try transform(self[start + offset]) }
        }
        return try results.map { result throws(Failure) in try result!.get() }
    }
}
