import Foundation
import Synchronization

/// Pixel memory for PNG canvases, kept for reuse between renders.
///
/// A 12 × 16 in poster at 300 dpi needs 69 MB. Fresh memory from the kernel costs ~17,000 page faults and
/// zeroing on first touch, and unmapping afterwards: a fifth of a warm render's CPU. So a finished canvas gives
/// its memory back here, and the next canvas of the same size takes it. The canvas paints an opaque
/// background over every pixel first, so old contents never show.
///
/// At most ``maximumKept`` buffers wait here, and only buffers up to ``maximumKeptBytes``; everything else is
/// freed at once. Thread-safe (a `Mutex` guards the list).
final class RasterMemory: @unchecked Sendable {
    /// The memory, 64-byte aligned. Owned by this object; freed in `deinit`.
    let bytes: UnsafeMutableRawPointer
    let byteCount: Int

    private init(byteCount: Int) {
        self.byteCount = byteCount
        bytes = UnsafeMutableRawPointer.allocate(byteCount: byteCount, alignment: 64)
    }

    deinit { bytes.deallocate() }

    /// How many buffers may wait for reuse.
    static let maximumKept = 2
    /// The largest buffer worth keeping (a 20 × 24 in poster at 300 dpi).
    static let maximumKeptBytes = 180_000_000

    /// The buffers waiting for reuse; one is handed to one canvas at a time.
    private static let kept = Mutex<[RasterMemory]>([])

    /// A buffer of exactly `byteCount` bytes, reused when one is waiting; contents are undefined.
    static func take(byteCount: Int) -> RasterMemory {
        let reused = kept.withLock { kept -> RasterMemory? in
            guard let index = kept.firstIndex(where: { $0.byteCount == byteCount }) else { return nil }
            return kept.remove(at: index)
        }
        return reused ?? RasterMemory(byteCount: byteCount)
    }

    /// Returns a buffer no surface uses any more.
    static func give(_ memory: RasterMemory) {
        guard memory.byteCount <= maximumKeptBytes else { return }
        kept.withLock { kept in
            kept.append(memory)
            if kept.count > maximumKept { kept.removeFirst() }
        }
    }
}
