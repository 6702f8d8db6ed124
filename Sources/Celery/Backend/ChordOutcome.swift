/// What came of reporting a chord part (``RedisResultBackend/chordPartReturned(_:retryPolicy:logger:sendCallback:)``).
package enum ChordOutcome: Sendable, Equatable {
    /// Other header tasks have not returned yet, or the chord was already joined (a late duplicate part).
    case waiting
    /// This part completed the chord and its callback was sent, once.
    case callbackSent
    /// This part completed the chord, but the claim to send the callback passed to another worker (this one was
    /// too slow); that worker sends it.
    case claimLost
    /// The chord cannot call its callback: a header task failed, the header could not be joined or the callback
    /// could not be sent. The callback's result must be stored as this `ChordError`.
    case failed(TaskFailure)
}
