public import Foundation
public import MapFeatures

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A route read from a GPX file (a run, a ride, a trip): each track segment (`trkseg` of `trkpt`) and each route
/// (`rte` of `rtept`) is one unbroken line. GPX 1.1 and 1.0 read alike; waypoints (`wpt`) are not part of the line.
public struct GPXRoute: Sendable, Hashable {
    /// The lines, in file order; each has at least one point.
    public var lines: [[GeoPoint]]

    /// The largest GPX file read, in bytes: 1 MiB (a three-hour ride logged every second, about 10,000 points).
    public static let maximumBytes = 1_048_576

    public init(lines: [[GeoPoint]]) {
        self.lines = lines
    }

    /// Reads a GPX document.
    ///
    /// - Throws: ``OSMError`` with code ``OSMError/Code/invalidData`` and a sentence for the user: a file over
    ///   ``maximumBytes``, XML that does not parse (with its line and column), a point whose `lat` or `lon` is not a
    ///   number on the globe, or no track or route point at all.
    public init(gpx data: Data) throws(OSMError) {
        guard data.count <= Self.maximumBytes else {
            throw OSMError(
                code: .invalidData,
                message: "The GPX file is too large (\(data.count) bytes): at most \(Self.maximumBytes) bytes.")
        }
        let reader = GPXReader()
        let parser = XMLParser(data: data)
        parser.delegate = reader
        parser.shouldResolveExternalEntities = false
        let parsed = parser.parse()
        if let problem = reader.problem { throw OSMError(code: .invalidData, message: problem) }
        guard parsed, reader.open.isEmpty else {
            let reason = parser.parserError.map { ($0 as NSError).localizedDescription } ?? "unknown error"
            throw OSMError(
                code: .invalidData,
                message: "The GPX file is not valid XML (line \(parser.lineNumber), column \(parser.columnNumber)).",
                detail: reason)
        }
        let lines = reader.lines.filter { !$0.isEmpty }
        guard !lines.isEmpty else {
            throw OSMError(code: .invalidData, message: "The GPX file has no track or route points (trkpt, rtept).")
        }
        self.init(lines: lines)
    }

    /// The smallest box around every point.
    public var boundingBox: GeoBoundingBox {
        let points = lines.joined()
        return GeoBoundingBox(
            south: points.map(\.latitude).min()!, west: points.map(\.longitude).min()!,
            north: points.map(\.latitude).max()!, east: points.map(\.longitude).max()!)
    }

    /// The middle of ``boundingBox``: where a poster of the route is centred.
    public var center: GeoPoint {
        let box = boundingBox
        return GeoPoint(latitude: (box.south + box.north) / 2, longitude: (box.west + box.east) / 2)
    }
}

/// The SAX side of ``GPXRoute/init(gpx:)``: collects `trkseg` and `rte` lines, and the first problem.
///
/// Used by one parser on one thread, then read: the class is never shared.
private final class GPXReader: NSObject, XMLParserDelegate {
    var lines: [[GeoPoint]] = []
    var problem: String?
    /// The elements open at this point; Foundation's parser on Linux lets a mismatched end tag pass, so nesting is
    /// checked here: elements left open at the end make the document invalid.
    private(set) var open: [String] = []

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        open.append(elementName)
        let name = elementName.split(separator: ":").last.map(String.init) ?? elementName
        if open.count == 1 {
            if name != "gpx" {
                problem = "The file is XML but not GPX: its root element is <\(elementName)>, not <gpx>."
                parser.abortParsing()
            }
            return
        }
        switch name {
        case "trkseg", "rte": lines.append([])
        case "trkpt", "rtept":
            guard let latitude = attributes["lat"].flatMap(Double.init), (-90...90).contains(latitude),
                let longitude = attributes["lon"].flatMap(Double.init), (-180...180).contains(longitude)
            else {
                problem =
                    "The GPX file has a \(name) at line \(parser.lineNumber) whose lat \"\(attributes["lat"] ?? "")\" and lon \"\(attributes["lon"] ?? "")\" are not a place on the globe."
                parser.abortParsing()
                return
            }
            if lines.isEmpty { lines.append([]) }
            lines[lines.count - 1].append(GeoPoint(latitude: latitude, longitude: longitude))
        default: break
        }
    }

    func parser(
        _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?
    ) {
        // A mismatched end tag leaves its element open, and the document is refused at its end.
        if open.last == elementName { open.removeLast() }
    }
}
