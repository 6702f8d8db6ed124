import Foundation
import MapPosterTesting
import PosterJob
import Testing

/// Compares decoding, validation, canonical JSON, MD5, object key and `model_dump()` with pydantic
/// itself, running `pydantic_reference.py` (the original's models) on the same generated requests.
@Suite struct PydanticReferenceTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "pydantic_reference.py")

    /// Runs the reference on `inputs` (one JSON text each) and returns its parsed answers.
    private func reference(_ inputs: [String]) throws -> [JSONValue] {
        let output = try PythonScript.run(Self.script, input: inputs.joined(separator: "\n") + "\n")
        // Split on "\n" only: the answers hold raw U+2028, which `String.split(whereSeparator: \.isNewline)` would cut.
        return try output.split(separator: "\n", omittingEmptySubsequences: true).map {
            try JSONValue(parsing: String($0))
        }
    }

    private func compare(_ input: String, with answer: JSONValue) {
        let swift = Result { () throws(PosterJobError) in try PosterRequest(json: input) }
        switch (swift, answer["ok"]) {
        case (.success(let request), .bool(true)):
            #expect(
                request.canonicalJSON == answer["json"].flatMap { if case .string(let s) = $0 { s } else { nil } },
                "\(input)")
            #expect(.string(request.hash) == answer["md5"], "\(input)")
            #expect(.string(request.objectKey) == answer["key"], "\(input)")
            #expect(request.dumped.compactJSON == answer["dump"]?.compactJSON, "\(input)")
        case (.failure(let error), .bool(false)):
            let issues = JSONValue.array(
                error.issues.map {
                    .object(
                        JSONObject([
                            ("type", .string($0.type)), ("loc", $0.locationJSON), ("msg", .string($0.message)),
                            ("input", $0.input),
                        ]))
                })
            #expect(
                issues.compactJSON(nonFiniteAsPythonLiterals: true)
                    == answer["errors"]?.compactJSON(nonFiniteAsPythonLiterals: true), "\(input)")
        case (.success(let request), _):
            Issue.record(
                "Swift accepted what pydantic rejected: \(input) → \(request.canonicalJSON); pydantic: \(answer.compactJSON)"
            )
        case (.failure(let error), _):
            Issue.record(
                "Swift rejected what pydantic accepted: \(input) → \(error.issues); pydantic: \(answer.compactJSON)")
        }
    }

    @Test func generatedValidRequestsMatchPydantic() throws {
        var generator = RequestGenerator(seed: 0x5EED_0001)
        let inputs = (0..<200).map { _ in generator.validRequest().compactJSON }
        let answers = try reference(inputs)
        #expect(answers.count == inputs.count)
        var accepted = 0
        for (input, answer) in zip(inputs, answers) {
            compare(input, with: answer)
            if answer["ok"] == .bool(true) { accepted += 1 }
        }
        #expect(accepted == inputs.count)
    }

    @Test func generatedInvalidRequestsReportTheSameIssues() throws {
        var generator = RequestGenerator(seed: 0x5EED_0002)
        let inputs = (0..<100).map { _ in generator.invalidRequest().compactJSON(nonFiniteAsPythonLiterals: true) }
        let answers = try reference(inputs)
        #expect(answers.count == inputs.count)
        for (input, answer) in zip(inputs, answers) { compare(input, with: answer) }
    }

    @Test func floatTextRoundTripsThroughPydantic() throws {
        var generator = RequestGenerator(seed: 0x5EED_0003)
        let inputs = (0..<200).map { _ in
            JSONValue.object(
                JSONObject([
                    ("city", "x"), ("country", "y"), ("width", .double(generator.double())),
                    (
                        "margins",
                        .double(
                            Double(bitPattern: UInt64.random(in: 1..<0x7FF0_0000_0000_0000, using: &generator.random)))
                    ),
                ])
            ).compactJSON
        }
        let answers = try reference(inputs)
        for (input, answer) in zip(inputs, answers) { compare(input, with: answer) }
    }
}
