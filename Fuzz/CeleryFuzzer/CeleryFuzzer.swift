import CeleryFuzzing
import FuzzDriver

/// Runs libFuzzer over the Celery decoders: each input as a Redis list entry or a pidbox message carries it.
@main enum CeleryFuzzer {
    static func main() {
        runLibFuzzer { DecoderExercise.run($0) }
    }
}
