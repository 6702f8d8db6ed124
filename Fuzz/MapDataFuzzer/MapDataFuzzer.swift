import FuzzDriver
import MapDataFuzzing

/// Runs libFuzzer over the decoders of map data read from outside: store tiles and `.osm.pbf` blocks.
@main enum MapDataFuzzer {
    static func main() {
        runLibFuzzer { MapDataDecoderExercise.run($0) }
    }
}
