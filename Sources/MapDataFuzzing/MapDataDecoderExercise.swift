import MapStore
import OSM

/// Feeds one input to a decoder of map data read from outside: its first byte picks the map data store's tile body
/// (0), a `.osm.pbf` data block (1) or a `.osm.pbf` header block (2); the rest is the bytes. Used by the libFuzzer
/// target (`scripts/fuzz`) and by the unit test that replays its corpus (`Fuzz/map-corpus`).
///
/// An input may be refused with an error; it must never trap, hang or exhaust memory.
public enum MapDataDecoderExercise {
    /// The decoders, in the order of the input's first byte.
    public enum Decoder: UInt8, CaseIterable, Sendable {
        case tileBody = 0
        case pbfBlock = 1
        case pbfHeader = 2
    }

    /// Runs `bytes` through the decoder its first byte picks.
    ///
    /// - Returns: whether the decoder accepted the rest (`nil` for an empty input or an unknown first byte).
    @discardableResult
    public static func run(_ bytes: some Collection<UInt8>) -> Bool? {
        guard let first = bytes.first, let decoder = Decoder(rawValue: first) else { return nil }
        let body = Array(bytes.dropFirst())
        switch decoder {
        case .tileBody:
            guard let tile = try? StoredTile(body: body) else { return false }
            _ = tile.hashValue
            return true
        case .pbfBlock:
            let block = body.withUnsafeBytes { try? PBFBlock.decode($0, wanted: [.nodes, .ways, .relations]) }
            guard let block else { return false }
            _ = (block.nodeIDs.count, block.ways.count, block.relations.count)
            return true
        case .pbfHeader:
            return body.withUnsafeBytes { (try? PBFHeader.decode($0)) != nil }
        }
    }
}
