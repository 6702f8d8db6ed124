import Synchronization
import Testing

@testable import Celery

/// The settlement batch on its own: what is submitted while a batch is on its way goes in the next one, and each item
/// gets its own reply (or its batch's error) whether it is read before the batch is applied or after.
@Suite struct WriteBatchTests {
    /// A batch applier that holds each batch until the test lets it go, and records the batches it was given.
    final class GatedSender: Sendable {
        let batches = Mutex<[[Int]]>([])
        private let gates = Mutex<[CheckedContinuation<Void, Never>]>([])
        let failing: Bool

        init(failing: Bool = false) { self.failing = failing }

        func send(_ batch: [Int]) async throws -> [String] {
            batches.withLock { $0.append(batch) }
            await withCheckedContinuation { continuation in gates.withLock { $0.append(continuation) } }
            if failing { throw CancellationError() }
            return batch.map { "reply \($0)" }
        }

        /// Lets the batch that waits go, once one does.
        func release() async {
            while true {
                if let gate = gates.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) { return gate.resume() }
                await Task.yield()
            }
        }
    }

    @Test func itemsSubmittedDuringABatchGoInTheNextOneAndEachGetsItsReply() async throws {
        let sender = GatedSender()
        let batch = WriteBatch<Int, String> { try await sender.send($0) }
        let first = batch.enqueue(1)
        while sender.batches.withLock(\.isEmpty) { await Task.yield() }  // the first batch is on its way
        let second = batch.enqueue(2)
        let third = batch.enqueue(3)
        for _ in 0..<1_000 { await Task.yield() }
        #expect(sender.batches.withLock(\.count) == 1, "a batch went out while the first was on its way")
        await sender.release()
        await sender.release()
        #expect(try await second.reply == "reply 2")
        try #require(sender.batches.withLock { $0 } == [[1], [2, 3]])
        // Batches are settled in order: the first one's reply was there before it was asked for.
        #expect(try await first.reply == "reply 1")
        #expect(try await third.reply == "reply 3")
    }

    @Test func everyItemOfAFailedBatchGetsItsError() async {
        let sender = GatedSender(failing: true)
        let batch = WriteBatch<Int, String> { try await sender.send($0) }
        let first = batch.enqueue(1)
        await sender.release()
        await #expect(throws: CancellationError.self) { try await first.reply }
        let submitted = Task { try await batch.submit(2) }
        await sender.release()
        await #expect(throws: CancellationError.self) { try await submitted.value }
    }
}
