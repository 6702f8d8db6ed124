import Foundation
import Settings
import Testing

@Suite struct EnvironmentVariablesTests {
    @Test func unsetEmptyAndBlankAreAllNotGiven() throws {
        let environment: EnvironmentVariables = ["EMPTY": "", "BLANK": " \t ", "SET": "  value\n"]
        #expect(environment["UNSET"] == nil)
        #expect(environment["EMPTY"] == nil)
        #expect(environment["BLANK"] == nil)
        #expect(environment["SET"] == "value")
        #expect(try environment.integer("EMPTY") == nil)
        #expect(try environment.flag("BLANK") == nil)
        #expect(environment.list("EMPTY") == nil)
        #expect(environment.first("EMPTY", "SET") == "value")
    }

    @Test func verbatimKeepsAnEmptyValue() {
        let environment: EnvironmentVariables = ["S3_PUBLIC_URL": ""]
        #expect(environment.verbatim("S3_PUBLIC_URL") == "")
        #expect(environment.verbatim("UNSET") == nil)
    }

    @Test func numbersAreCheckedAgainstTheirRange() throws {
        let environment: EnvironmentVariables = ["N": "8", "ZERO": "0", "WORD": "two", "HALF": "0.5"]
        #expect(try environment.integer("N", in: 1 ... .max) == 8)
        #expect(try environment.integer("ZERO", in: 0 ... .max) == 0)
        let zero = #expect(throws: SettingError.self) { try environment.integer("ZERO", in: 1 ... .max) }
        #expect(zero?.description == "ZERO: '0' is not valid: expected a positive integer")
        let word = #expect(throws: SettingError.self) { try environment.integer("WORD") }
        #expect(word?.variable == "WORD")
        #expect(try environment.number("HALF", minimum: 0) == 0.5)
        #expect(throws: SettingError.self) { try environment.number("WORD") }
    }

    @Test(arguments: ["1", "true", "YES", "On"]) func flagsReadTrueAsCeleryDoes(text: String) throws {
        #expect(try EnvironmentVariables(["F": text]).flag("F") == true)
    }

    @Test(arguments: ["0", "false", "No", "OFF"]) func flagsReadFalseAsCeleryDoes(text: String) throws {
        #expect(try EnvironmentVariables(["F": text]).flag("F") == false)
    }

    @Test func anUnreadableFlagIsAnError() {
        #expect(
            throws: SettingError(variable: "F", value: "maybe", expected: "1, true, yes or on; 0, false, no or off")
        ) {
            try EnvironmentVariables(["F": "maybe"]).flag("F")
        }
    }

    @Test func listsAndChoices() throws {
        let environment: EnvironmentVariables = ["Q": " a, ,b ,", "COMMAS": ",,", "MODE": "Offline"]
        #expect(environment.list("Q") == ["a", "b"])
        #expect(environment.list("COMMAS") == nil)
        #expect(try environment.choice("MODE", of: ["online", "offline"]) == "offline")
        #expect(throws: SettingError.self) { try environment.choice("MODE", of: ["online"]) }
    }
}

/// Every executable reads its environment through `EnvironmentVariables` and its settings type, so the one rule
/// holds everywhere: nothing else in Sources reads the process environment.
@Suite struct EnvironmentReadersTests {
    /// The files allowed to read the process environment directly, and why.
    static let allowed: [String: String] = [
        "Settings/EnvironmentVariables.swift": "the one reader",
        "Celery/Pool/PoolProcess.swift": "hands its environment, unchanged, to the pool processes it spawns",
        "MapPosterTesting/": "test support: fixtures, the Python interpreter and PATH of the tests' child processes",
    ]

    @Test func onlyTheSettingsReadTheProcessEnvironment() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
        let files = try #require(FileManager.default.enumerator(atPath: sources.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") }
        #expect(files.count > 100, "the Sources folder was found")
        var readers: [String] = []
        for file in files where !Self.allowed.keys.contains(where: { file.hasPrefix($0) }) {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            if text.contains("processInfo.environment") || text.contains("getenv(") || text.contains("environ[") {
                readers.append(file)
            }
        }
        #expect(readers == [], "read the environment through Settings.EnvironmentVariables and a settings type")
    }
}
