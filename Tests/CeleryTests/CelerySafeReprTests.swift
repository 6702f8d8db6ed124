import Celery
import Foundation
import JSON
import MapPosterTesting
import Testing

/// `CelerySafeRepr` against Celery's own `saferepr` (the pinned Celery from PyPI, via `saferepr_reference.py`).
@Suite struct CelerySafeReprTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "saferepr_reference.py")

    @Test func writesWhatCeleryWrites() {
        #expect(CelerySafeRepr.tuple([2, 2]) == "(2, 2)")
        #expect(CelerySafeRepr.tuple(["bad"]) == "('bad',)")
        #expect(CelerySafeRepr.tuple([]) == "()")
        #expect(
            CelerySafeRepr.tuple([["a": true, "b": nil, "c": 1.5, "d": "it's"]])
                == #"({'a': True, 'b': None, 'c': 1.5, 'd': 'it\'s'},)"#)
        #expect(CelerySafeRepr.tuple([["a": [["b": [1]]]]]) == "({'a': [{...}]},)")
        #expect(CelerySafeRepr.repr(.string("a " + String(repeating: "b", count: 1100))) == "'a...'")
    }

    @Test func matchesCeleryOnGeneratedValues() async throws {
        var generator = ValueGenerator(seed: 0x5AFE_4E94)
        let limits: [Int?] = [nil, 1024, 200, 40, 12, 3, 1]
        var cases: [(value: JSONValue, isTuple: Bool, limit: Int?)] = []
        for index in 0..<600 {
            let isTuple = index % 2 == 0
            let value =
                isTuple
                ? JSONValue.array((0..<generator.next(4)).map { _ in generator.value(depth: 0) })
                : generator.value(depth: 0)
            cases.append((value, isTuple, limits[index % limits.count]))
        }
        let input = cases.map { value, isTuple, limit in
            JSONValue.object(
                JSONObject([
                    ("value", value), ("tuple", .bool(isTuple)), ("limit", limit.map { .int($0) } ?? .null),
                ])
            ).serialized(.python)
        }
        let output = try await PythonScript.run(Self.script, input: input.joined(separator: "\n") + "\n")
        let expected = try output.split(separator: "\n").map { try JSONValue(parsing: String($0)).string ?? "" }
        #expect(expected.count == cases.count)
        for ((value, isTuple, limit), celery) in zip(cases, expected) {
            let swift =
                isTuple
                ? CelerySafeRepr.tuple(value.array ?? [], limit: limit) : CelerySafeRepr.repr(value, limit: limit)
            #expect(swift == celery, "limit \(limit.map(String.init) ?? "none"): \(value.serialized(.python))")
        }
    }
}

/// Seeded random JSON values: nested lists and objects, strings with quotes, spaces, escapes and non-ASCII text
/// (some longer than the limits), numbers, booleans and nulls.
private struct ValueGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next(_ bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(bound))
    }

    mutating func value(depth: Int) -> JSONValue {
        switch next(depth >= 4 ? 5 : 7) {
        case 0: return .int(next(2_000_001) - 1_000_000)
        case 1: return [1.5, -0.0, 1e16, 0.1, 12.0, 1e-5][next(6)]
        case 2: return .bool(next(2) == 0)
        case 3: return .null
        case 4: return .string(string())
        case 5: return .array((0..<next(5)).map { _ in value(depth: depth + 1) })
        default:
            var object = JSONObject()
            for index in 0..<next(5) { object["\(string())#\(index)"] = value(depth: depth + 1) }
            return .object(object)
        }
    }

    private mutating func string() -> String {
        let pieces = ["a", "b", " ", "'", "\"", "\\", "\n", "é", "東", "😀", "e\u{301}", "xyz", "  "]
        let length = next(10) == 0 ? 300 + next(900) : next(12)
        return (0..<length).map { _ in pieces[next(pieces.count)] }.joined()
    }
}
