import Foundation
import MapDataFuzzing
import Testing

/// The map data fuzzer's seed corpus (`Fuzz/map-corpus`, written by `Fuzz/make_map_corpus.py` from the Helsinki
/// fixture and its import) replayed through the fuzzed decoders on every test run: each seed is real data and
/// decodes.
@Suite struct MapDataCorpusTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz/map-corpus")

    @Test func everySeedDecodes() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path).sorted()
        var decoders = Set<UInt8>()
        for name in names {
            let bytes = try Data(contentsOf: Self.corpus.appendingPathComponent(name))
            #expect(MapDataDecoderExercise.run(bytes) == true, "\(name)")
            decoders.insert(bytes.first ?? .max)
        }
        #expect(decoders == Set(MapDataDecoderExercise.Decoder.allCases.map(\.rawValue)), "a seed for every decoder")
    }

    @Test func anInputThatNamesNoDecoderIsIgnored() {
        #expect(MapDataDecoderExercise.run([UInt8]()) == nil)
        #expect(MapDataDecoderExercise.run([9, 1, 2]) == nil)
        #expect(MapDataDecoderExercise.run([0, 0xFF]) == false)
    }
}
