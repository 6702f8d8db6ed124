import Foundation
import JSON
import MapPosterTesting
import PosterRequestOptions
import PosterSchema
import Testing

/// Compares decoding, validation, canonical JSON, MD5, object key and `model_dump()` with pydantic
/// itself, running `pydantic_reference.py` (the original's models) on the same generated requests.
@Suite struct PydanticReferenceTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "pydantic_reference.py")

    /// Runs the reference on `inputs` (one JSON text each) and returns its parsed answers.
    private func reference(_ inputs: [String], arguments: [String] = []) async throws -> [JSONValue] {
        let output = try await PythonScript.run(
            Self.script, arguments: arguments, input: inputs.joined(separator: "\n") + "\n")
        // Split on "\n" only: the answers hold raw U+2028, which `String.split(whereSeparator: \.isNewline)` would cut.
        let answers = try output.split(separator: "\n", omittingEmptySubsequences: true).map {
            try JSONValue(parsing: String($0))
        }
        // One answer per input, or the comparisons below would pass over what is missing.
        try #require(answers.count == inputs.count, "pydantic answered \(answers.count) of \(inputs.count) inputs")
        return answers
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

    /// Requests with a centre: the Swift model against pydantic's `CentredPosterRequest` (the original's fields, then
    /// `lat`/`lon` dumped only when set); and the original model, as a Python worker runs it, ignores the centre and
    /// hashes as if it were absent.
    @Test func centreMatchesTheCentredModelAndThePythonWorkerIgnoresIt() async throws {
        var generator = RequestGenerator(seed: 0x5EED_0004)
        var inputs: [String] = []
        for index in 0..<60 {
            guard case .object(var request) = generator.validRequest() else { continue }
            switch index % 4 {
            case 0: break
            case 1: (request["lat"], request["lon"]) = (.null, .null)
            case 2: (request["lat"], request["lon"]) = (.int(index - 30), .string("24.94"))
            default:
                request["lat"] = .double(Double.random(in: -90...90, using: &generator.random))
                request["lon"] = .double(Double.random(in: -180...180, using: &generator.random))
            }
            inputs.append(PydanticJSON.serialize(.object(request)))
        }
        inputs += [#"{"city":"a","country":"b","lat":"north","lon":1}"#, #"{"city":"a","country":"b","lon":[1]}"#]
        let centred = try await reference(inputs, arguments: ["--centre"])
        for (input, answer) in zip(inputs, centred) { compare(input, with: answer) }

        let original = try await reference(inputs)
        for ((input, answer), centredAnswer) in zip(zip(inputs, original), centred)
        where answer["ok"] == .bool(true) && centredAnswer["ok"] == .bool(true) {
            var request = try PosterRequest(json: input)
            (request.latitude, request.longitude) = (nil, nil)
            #expect(.string(request.hash) == answer["md5"], "the Python worker's key for \(input)")
        }
    }

    /// Issue 20's poster options, valid and not: the Swift model against the extended pydantic model, and the
    /// original model (a Python worker) ignoring them. The count proves the comparison compared something.
    @Test func posterOptionsMatchTheExtendedModelAndThePythonWorkerIgnoresThem() async throws {
        var generator = RequestGenerator(seed: 0x5EED_0020)
        let values: [(String, [JSONValue])] = [
            ("text", ["none", "title", "all", "loud", .null, 3]),
            ("line_scale", [2.5, 3, "1.5", .null, "thick", .bool(true)]),
            ("frame", [.bool(true), .bool(false), "yes", 0, .null, "maybe"]),
            ("fade", ["top", "bottom", "none", .null, 1]),
            (
                "markers",
                [
                    .array([.object(JSONObject([("lat", 60.17), ("lon", 24.94), ("label", "Home")]))]),
                    .array([.object(JSONObject([("lat", "60.1"), ("lon", 24)]))]),
                    .array([.object(JSONObject([("lon", 24)])), "pin"]), .array([]), .null, "60,24",
                ]
            ),
            ("legend", [.bool(true), "off", .null]),
            ("rotation", [30, -12.5, "90", .null, "left"]),
            ("north_arrow", [.bool(true), 1, .null, [1]]),
            ("green_space", [.bool(true), "on", .null, "green"]),
        ]
        var inputs: [String] = []
        for _ in 0..<80 {
            guard case .object(var request) = generator.validRequest() else { continue }
            for (name, choices) in values where Bool.random(using: &generator.random) {
                request[name] = choices.randomElement(using: &generator.random)!
            }
            inputs.append(PydanticJSON.serialize(.object(request)))
        }
        let extended = try await reference(inputs, arguments: ["--centre"])
        #expect(extended.count == inputs.count)
        for (input, answer) in zip(inputs, extended) { compare(input, with: answer) }
        #expect(extended.filter { $0["ok"] == .bool(true) }.count > 10)
        #expect(extended.filter { $0["ok"] == .bool(false) }.count > 10)

        let original = try await reference(inputs)
        var compared = 0
        for ((input, answer), extendedAnswer) in zip(zip(inputs, original), extended)
        where answer["ok"] == .bool(true) && extendedAnswer["ok"] == .bool(true) {
            var request = try PosterRequest(json: input)
            (request.latitude, request.longitude, request.extras) = (nil, nil, PosterExtras())
            #expect(.string(request.hash) == answer["md5"], "the Python worker's key for \(input)")
            compared += 1
        }
        #expect(compared > 10)
    }
}
