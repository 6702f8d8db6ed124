import ArgumentParser
import Foundation
import MapFeatures
import Render

/// `mapposter render`: draws a poster from a features file and writes it to disk.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render a poster from map features.",
        discussion: """
            Features come from a MapData JSON file (--features), e.g. written by scripts/osm-to-features.py \
            from an .osm.pbf extract.
            """
    )

    @Option(help: "MapData JSON file with the roads, water and parks to draw.")
    var features: String

    @Option(parsing: .unconditional, help: "Latitude of the centre, decimal degrees (negative is south).")
    var lat: Double

    @Option(parsing: .unconditional, help: "Longitude of the centre, decimal degrees (negative is west).")
    var lon: Double

    @Option(help: "Half the long side of the map, in metres (the web app's distance).")
    var distance: Double = 10_000

    @Option(help: "Theme id (see `mapposter themes`).")
    var theme: String = Theme.defaultID

    @Option(help: "png, svg or pdf.")
    var format: String = "png"

    @Option(help: "Output file.")
    var output: String

    @Option(help: "Paper preset: A4, A3, 12x16, 30x40cm or custom (then --width/--height).")
    var paper: String = "custom"

    @Option(help: "Width in inches (custom paper).")
    var width: Double = 12

    @Option(help: "Height in inches (custom paper).")
    var height: Double = 16

    @Option(help: "Resolution of PNG output.")
    var dpi: Int = 300

    @Option(help: "Blank margin on every side, in inches.")
    var margins: Double = 0

    @Option(help: "Place name, drawn as the title.")
    var city: String = ""

    @Option(help: "Country, drawn under the title.")
    var country: String = ""

    @Option(help: "Title to draw instead of the city.")
    var nameLabel: String?

    @Option(help: "Country line to draw instead of the country.")
    var countryLabel: String?

    @Option(
        help: ArgumentHelp(
            "Render this many times in one process and print each time (for bench/).", visibility: .hidden))
    var repeatCount: Int = 1

    func run() throws {
        let options = try posterOptions()
        let map = try FeatureFileSource(path: features).load()
        for run in 1...max(1, repeatCount) {
            let start = ContinuousClock.now
            let cpuStart = Self.processCPUSeconds()
            let bytes = try PosterRenderer.render(map, options: options)
            let cpu = Self.processCPUSeconds() - cpuStart
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.attoseconds) / 1e18 + Double(elapsed.components.seconds)
            let timing = String(format: "render_cpu_seconds %.3f render_seconds %.3f", cpu, seconds)
            if run < repeatCount {
                print(timing)
            } else {
                try bytes.write(to: URL(fileURLWithPath: output))
                print("wrote \(output) (\(bytes.count) bytes) \(timing)")
            }
        }
    }

    /// CPU time used by the whole process so far, all threads, in seconds.
    private static func processCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// The options from the command line, with the paper preset applied.
    func posterOptions() throws -> PosterOptions {
        var options = PosterOptions(
            center: GeoPoint(latitude: lat, longitude: lon),
            distance: distance,
            width: width,
            height: height,
            dpi: dpi,
            margins: margins,
            theme: try Theme.named(theme),
            labels: PosterLabels(city: city, country: country, nameLabel: nameLabel, countryLabel: countryLabel),
            format: try PosterFormat(parsing: format)
        )
        if let preset = try PaperSize.preset(named: paper) { options.apply(preset) }
        return options
    }
}
