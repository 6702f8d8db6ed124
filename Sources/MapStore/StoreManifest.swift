import Foundation
public import MapFeatures
public import OSM

/// The store's index, `manifest.json`: the format version, the grid and what the import kept.
///
/// The importer writes it last, so a store without one is incomplete. Tiles the manifest's grid
/// numbers but the store lacks hold nothing (open sea, or beyond the extract).
public struct StoreManifest: Sendable, Hashable, Codable {
    /// The value of ``format``.
    public static let formatName = "mapposter-osm-store"
    /// The version this build writes and reads; a store of another version must be imported again.
    public static let currentVersion = 2
    /// The manifest's key in the store.
    public static let key = "manifest.json"

    /// Always ``formatName``.
    public var format: String
    /// The encoding's version, ``currentVersion`` when written by this build.
    public var version: Int
    /// The side of a tile in degrees.
    public var tileSize: Double
    /// The extract's extent from its header as `[south, west, north, east]`, or `nil` for the world.
    public var extent: [Double]?
    /// The tags of the areas and layers kept besides roads: key → values (empty: any value).
    public var filters: [String: [String]]
    /// The extract's file name.
    public var source: String
    /// How many tiles, ways (counted once) and relations the store holds.
    public var tileCount: Int
    public var wayCount: Int
    public var relationCount: Int

    /// The extent as a box, `nil` for the whole world.
    public var extentBox: GeoBoundingBox? {
        guard let extent, extent.count == 4 else { return nil }
        return GeoBoundingBox(south: extent[0], west: extent[1], north: extent[2], east: extent[3])
    }

    var grid: TileGrid { TileGrid(size: tileSize) }

    /// The filters among `wanted` that the import did not keep everything for.
    ///
    /// A filter is covered when each of its clauses asks for a key the store kept with any value, or
    /// for values the store kept under that key.
    public func uncovered(_ wanted: [TagFilter]) -> [TagFilter] {
        wanted.filter { filter in
            !filter.clauses.allSatisfy { clause in
                guard let kept = filters[clause.key] else { return false }
                return kept.isEmpty || (!clause.values.isEmpty && Set(clause.values).isSubset(of: kept))
            }
        }
    }

    /// The filters a request needs beyond roads: water, parks, the coastline when it draws the sea, its layers.
    static func filters(of request: MapDataRequest) -> [TagFilter] {
        [TagFilter.water, TagFilter.parks] + (request.includeSea ? [TagFilter.coastline] : [])
            + (request.includeGreenSpace ? [TagFilter.greenSpace] : []) + request.layers.map(\.filter)
    }

    /// Decodes a manifest, checking the format and the version before anything else.
    ///
    /// - Throws: ``OSM/OSMError`` with code `invalidData` for a file that is not a manifest, `unsupportedFeature`
    ///   for another version.
    static func decode(_ data: Data, location: String) throws -> StoreManifest {
        struct Header: Decodable {
            var format: String?
            var version: Int?
        }
        let header = try? JSONDecoder().decode(Header.self, from: data)
        guard let header, header.format == formatName, let version = header.version else {
            throw OSMError.invalidStore(detail: "\(location): \(key) is not a manifest")
        }
        guard version == currentVersion else {
            throw OSMError(
                code: .unsupportedFeature,
                message: "Unsupported map data store version \(version) (this build reads version \(currentVersion)); "
                    + "import the extract again.",
                detail: location)
        }
        let manifest: StoreManifest
        do {
            manifest = try JSONDecoder().decode(StoreManifest.self, from: data)
        } catch {
            throw OSMError.invalidStore(detail: "\(location): \(key): \(error)")
        }
        guard manifest.tileSize > 0, manifest.tileSize <= 90 else {
            throw OSMError.invalidStore(detail: "\(location): tile size \(manifest.tileSize)")
        }
        return manifest
    }

    /// The manifest as pretty, stable JSON.
    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }
}
