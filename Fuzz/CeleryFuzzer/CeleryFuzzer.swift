import CeleryFuzzing
import Foundation

/// libFuzzer's driver, linked by `-sanitize=fuzzer`.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ testOneInput: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// Runs libFuzzer over the Celery decoders: each input as a Redis list entry or a pidbox message carries it.
@main enum CeleryFuzzer {
    static func main() {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(
            runFuzzerDriver(&argc, &argv) { start, count in
                DecoderExercise.run(UnsafeBufferPointer(start: start, count: count))
                return 0
            })
    }
}
