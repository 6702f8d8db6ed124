import ArgumentParser
import BlockingWork
import Foundation
import MapFeatures
import MapStore
import OSM
import PosterDesign
import Render

/// `mapposter render`: draws a poster from a local OpenStreetMap extract (or a features file) and writes it to disk.
struct RenderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render a poster from an .osm.pbf extract, a map data store or a MapData JSON file.",
        discussion: """
            With --osm, features are read from the extract around the centre as far as the poster needs \
            (distance × long side / short side, as the web app fetches): roads, water, parks, the sea built from \
            the coastline, and the extra layers chosen with --layer. With --data, the same features come from a \
            store made by `mapposter import` (a folder, or s3://bucket/prefix in the S3 server of \
            S3_ENDPOINT_URL), reading only the tiles the poster needs. With --features, a MapData JSON file (as \
            `mapposter features` writes it) is drawn as it is. The centre is --lat/--lon, or --city/--country \
            geocoded (Nominatim, then the offline gazetteer; only the gazetteer with --offline).
            """
    )

    @OptionGroup(title: "Map data") var mapData: MapDataOptions

    @Option(help: "MapData JSON file to draw instead of --osm.")
    var features: String?

    @OptionGroup var place: PlaceOptions

    @OptionGroup var size: PosterSizeOptions

    @OptionGroup(title: "Look") var look: PosterLookOptions

    @Option(help: "Theme id (see `mapposter themes`).")
    var theme: String = Theme.defaultID

    @Option(help: "png, svg or pdf. (default: the --output file's extension, else png)")
    var format: String?

    @Option(help: "Output file; its folder must exist.")
    var output: String

    @Option(parsing: .unconditional, help: "Resolution of PNG output, written into the file.")
    var dpi: Int = 300

    @Option(
        parsing: .unconditional,
        help: "Blank margin on every side, in inches (at most a quarter of the width, and less on landscape pages)."
    )
    var margins: Double = 0

    @Option(help: "Title to draw instead of the city.")
    var nameLabel: String?

    @Option(help: "Country line to draw instead of the country.")
    var countryLabel: String?

    @Option(
        help: ArgumentHelp(
            "Render this many times in one process and print each time (for bench/).", visibility: .hidden))
    var repeatCount: Int = 1

    func validate() throws {
        if mapData.namesASource == (features != nil) {
            throw ValidationError("Give one of --osm FILE.osm.pbf, --data STORE or --features FILE.json.")
        }
        if features != nil, !mapData.layers.isEmpty || mapData.greenSpace {
            throw ValidationError(
                "--layer and --green-space need --osm or --data: a features file already holds its features.")
        }
        if let features, !FileManager.default.fileExists(atPath: features) {
            throw ValidationError("No such file: \(features)")
        }
        try OutputFile(path: output).validateFolder()
        // Every poster option now, before geocoding or reading anything.
        do {
            try posterOptions(center: try place.knownCenter() ?? GeoPoint(latitude: 0, longitude: 0)).validate()
        } catch let error as RenderError {
            throw ValidationError(error.message)
        } catch let error as OSMError {
            throw ValidationError(error.message)
        }
    }

    func run() async throws {
        try await withBlockingPool { pool in try await run(on: pool) }
    }

    private func run(on pool: BlockingPool) async throws {
        let center = try await place.center(nominatim: try CLISettings.process().nominatim, pool: pool)
        if place.needsGeocoding { print("geocoded \(place.areaName ?? place.city): \(center.formatted)") }
        let options = try posterOptions(center: center)
        try options.validate()
        let source = try mapData.source(pool: pool) ?? FeatureFileSource(path: features!, pool: pool)
        var request = mapData.request(center: center, distance: options.fetchDistance, areaName: place.areaName)
        request.drawnBox = options.drawnBoundingBox(widestLine: request.widestLayerLine)
        let start = ContinuousClock.now
        let result = try await source.mapData(for: request)
        result.reportWarnings()
        print("read \(result.mapData.summary) in \(Self.seconds(since: start)) s")
        let output = output
        let repeatCount = max(1, repeatCount)
        try await pool.perform {
            try Self.render(result.mapData, options: options, repeatCount: repeatCount, to: output)
        }
    }

    /// Renders `repeatCount` times, printing each render's time, and writes the last poster to `output`.
    private static func render(_ map: MapData, options: PosterOptions, repeatCount: Int, to output: String) throws {
        for run in 1...repeatCount {
            let start = ContinuousClock.now
            let cpuStart = processCPUSeconds()
            let bytes = try PosterRenderer.render(map, options: options)
            let cpu = processCPUSeconds() - cpuStart
            let timing = "render_cpu_seconds \(format3(cpu)) render_seconds \(seconds(since: start))"
            if run < repeatCount {
                print(timing)
            } else {
                try OutputFile(path: output).write(bytes)
                print("wrote \(output) (\(bytes.count) bytes) \(timing)")
            }
        }
    }

    /// The options from the command line, centred on `center`, with the paper preset applied; with a route and no
    /// --lat/--lon, the distance is the smallest that holds the route.
    func posterOptions(center: GeoPoint) throws -> PosterOptions {
        var options = PosterOptions(
            center: center,
            dpi: dpi,
            margins: margins,
            theme: try Theme.named(theme),
            labels: PosterLabels(
                city: place.city, country: place.country, nameLabel: nameLabel, countryLabel: countryLabel),
            format: try OutputFile(path: output).format(given: format)
        )
        try size.apply(to: &options)
        try look.apply(to: &options)
        if let route = try place.route() {
            options.route = route.lines
            if place.lat == nil {
                options.distance = options.distance(fitting: route.lines, within: PosterOptions.distanceRange)
            }
        }
        return options
    }

    /// Seconds since `start`, three decimals.
    private static func seconds(since start: ContinuousClock.Instant) -> String {
        let elapsed = ContinuousClock.now - start
        return format3(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    private static func format3(_ value: Double) -> String { String(format: "%.3f", value) }

    /// CPU time used by the whole process so far, all threads, in seconds.
    private static func processCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
