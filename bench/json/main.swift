// The JSON module's speed on what the worker and the API read and write most: kombu envelopes as Celery wrote them
// (the fuzzing seed corpus). Built and run by bench/json.sh; prints µs per envelope and MB/s, parse and serialize.
import Foundation
import JSON

let folder = CommandLine.arguments[1]
let label = CommandLine.arguments[2]
let documents: [[UInt8]] = try FileManager.default.contentsOfDirectory(atPath: folder).sorted().compactMap { name in
    let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(name)")))
    guard case .object(let object)? = try? JSONValue(parsing: bytes), object["body"] != nil else { return nil }
    return bytes
}
let values = documents.map { try! JSONValue(parsing: $0) }
let totalBytes = documents.reduce(0) { $0 + $1.count }
let rounds = 2_000

/// Runs `body` over every document `rounds` times, five times over, and returns the fastest µs per document.
func fastest(_ body: () -> Int) -> Double {
    var best = Double.infinity
    var sink = 0
    for _ in 0..<5 {
        let start = ContinuousClock.now
        for _ in 0..<rounds { sink &+= body() }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        best = min(best, seconds * 1e6 / Double(rounds * documents.count))
    }
    precondition(sink != 0)
    return best
}

let parse = fastest {
    documents.reduce(0) { count, bytes in count + ((try? JSONValue(parsing: bytes))?.object?.count ?? 0) }
}
let serialize = fastest { values.reduce(0) { $0 + $1.serialized(.python).utf8.count } }
let megabytes = { (microseconds: Double) in Double(totalBytes) / Double(documents.count) / microseconds }
print(
    label.padding(toLength: 14, withPad: " ", startingAt: 0)
        + String(
            format: "parse %5.2f µs (%4.0f MB/s)   serialize %5.2f µs (%4.0f MB/s)", parse, megabytes(parse),
            serialize, megabytes(serialize)))
