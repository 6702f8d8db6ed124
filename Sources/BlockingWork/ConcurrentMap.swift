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

extension Array where Element: Sendable {
    /// The array cut into at most 16 consecutive slices of at least `minimum` elements each (the last may be shorter),
    /// for `concurrentMap` to spread over the cores: small arrays stay one slice.
    package func chunks(ofAtLeast minimum: Int) -> [ArraySlice<Element>] {
        let size = Swift.max(minimum, (count + 15) / 16)
        return stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
