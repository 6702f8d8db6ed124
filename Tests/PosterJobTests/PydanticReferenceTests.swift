import Foundation
import JSON
import MapPosterTesting
import PosterJob
import Testing

/// Compares decoding, validation, canonical JSON, MD5, object key and `model_dump()` with pydantic
/// itself, running `pydantic_reference.py` (the original's models) on the same generated requests.
@Suite struct PydanticReferenceTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "pydantic_reference.py")

    /// Runs the reference on `inputs` (one JSON text each) and returns its parsed answers.
    private func reference(_ inputs: [String]) async throws -> [JSONValue] {
        let output = try await PythonScript.run(Self.script, input: inputs.joined(separator: "\n") + "\n")
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
            #expect(
                PydanticJSON.serialize(request.dumped) == answer["dump"].map { PydanticJSON.serialize($0) }, "\(input)")
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
                PydanticJSON.serialize(issues, nonFiniteAsPythonLiterals: true)
                    == answer["errors"].map { PydanticJSON.serialize($0, nonFiniteAsPythonLiterals: true) }, "\(input)")
        case (.success(let request), _):
            Issue.record(
                "Swift accepted what pydantic rejected: \(input) → \(request.canonicalJSON); pydantic: \(PydanticJSON.serialize(answer))"
            )
        case (.failure(let error), _):
            Issue.record(
                "Swift rejected what pydantic accepted: \(input) → \(error.issues); pydantic: \(PydanticJSON.serialize(answer))"
            )
        }
    }

    @Test func generatedValidRequestsMatchPydantic() async throws {
        var generator = RequestGenerator(seed: 0x5EED_0001)
        let inputs = (0..<200).map { _ in PydanticJSON.serialize(generator.validRequest()) }
        let answers = try await reference(inputs)
        #expect(answers.count == inputs.count)
        var accepted = 0
        for (input, answer) in zip(inputs, answers) {
            compare(input, with: answer)
            if answer["ok"] == .bool(true) { accepted += 1 }
        }
        #expect(accepted == inputs.count)
    }

    @Test func generatedInvalidRequestsReportTheSameIssues() async throws {
        var generator = RequestGenerator(seed: 0x5EED_0002)
        let inputs = (0..<100).map { _ in
            PydanticJSON.serialize(generator.invalidRequest(), nonFiniteAsPythonLiterals: true)
        }
        let answers = try await reference(inputs)
        #expect(answers.count == inputs.count)
        for (input, answer) in zip(inputs, answers) { compare(input, with: answer) }
    }

    @Test func floatTextRoundTripsThroughPydantic() async throws {
        var generator = RequestGenerator(seed: 0x5EED_0003)
        let inputs = (0..<200).map { _ in
            PydanticJSON.serialize(
                .object(
                    JSONObject([
                        ("city", "x"), ("country", "y"), ("width", .double(generator.double())),
                        (
                            "margins",
                            .double(
                                Double(
                                    bitPattern: UInt64.random(in: 1..<0x7FF0_0000_0000_0000, using: &generator.random)))
                        ),
                    ])
                ))
        }
        let answers = try await reference(inputs)
        for (input, answer) in zip(inputs, answers) { compare(input, with: answer) }
    }
}
