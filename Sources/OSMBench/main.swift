import Foundation
import MapFeatures
import OSM

// Benchmarks the local extract path: `OSMBench select FILE [REPEAT]` loads, selects and assembles
// the whole extract's box; `OSMBench stream FILE` decodes every element. Prints `key value` lines.
let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    print("usage: OSMBench select|stream FILE.osm.pbf [repeat]")
    exit(2)
}
let file = PBFFile(url: URL(fileURLWithPath: arguments[2]))
let repeatCount = arguments.count > 3 ? Int(arguments[3]) ?? 1 : 1

func peakRSSMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

func seconds(_ work: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try work()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

switch arguments[1] {
case "select":
    let layers = [
        MapDataRequest.Layer(label: "Cycleways", color: "#3498db", width: 1.0, filter: .cycleways),
        MapDataRequest.Layer(label: "Rail", color: "#f1c40f", width: 1.2, filter: .rail),
        MapDataRequest.Layer(label: "Subway", color: "#e74c3c", width: 1.5, filter: .subway),
        MapDataRequest.Layer(label: "Forests", color: "#27ae60", width: 0.5, filter: .forests),
        MapDataRequest.Layer(label: "Rivers", color: "#2980b9", width: 1.5, filter: .rivers),
    ]
    let box: GeoBoundingBox
    if arguments.count > 7 {
        box = GeoBoundingBox(
            south: Double(arguments[4])!,
            west: Double(arguments[5])!,
            north: Double(arguments[6])!,
            east: Double(arguments[7])!
        )
    } else {
        box = try file.header().boundingBox!
    }
    let request = MapDataRequest(boundingBox: box, layers: layers)
    var result = MapDataResult(mapData: MapData())
    var best = Double.infinity
    for _ in 0..<repeatCount {
        best = min(
            best,
            try seconds {
                let dataSet = try LocalExtractSource.load(file: file, request: request)
                result = FeatureSelector(request: request).select(from: dataSet)
            }
        )
    }
    let data = result.mapData
    print("swift_load_select_assemble \(String(format: "%.4f", best))")
    print("roads \(data.roads.count)")
    for roadClass in RoadClass.allCases {
        print("roads.\(roadClass.rawValue) \(data.roads.filter { $0.roadClass == roadClass }.count)")
    }
    print("water \(data.water.count)")
    print("water_holes \(data.water.map(\.holes.count).reduce(0, +))")
    print("parks \(data.parks.count)")
    print("parks_holes \(data.parks.map(\.holes.count).reduce(0, +))")
    for layer in data.layers { print("layer.\(layer.label) lines=\(layer.lines.count) areas=\(layer.areas.count)") }
    print("warnings \(result.warnings.count)")
    for warning in result.warnings.prefix(5) { print("warning \(warning)") }
    print("peak_rss_mb \(String(format: "%.1f", peakRSSMegabytes()))")
case "stream":
    var counts = OSMCounts()
    let time = try seconds { counts = try file.counts() }
    let size = (try FileManager.default.attributesOfItem(atPath: file.url.path)[.size] as? NSNumber)?.doubleValue ?? 0
    print("stream_seconds \(String(format: "%.3f", time))")
    print("file_mb \(String(format: "%.1f", size / 1_048_576))")
    print("nodes \(counts.nodes)\nways \(counts.ways)\nrelations \(counts.relations)")
    print("peak_rss_mb \(String(format: "%.1f", peakRSSMegabytes()))")
default:
    print("unknown command \(arguments[1])")
    exit(2)
}
