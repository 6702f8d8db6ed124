import Foundation
import MapFeatures

/// Overpass's `[out:json]` answer, decoded into the same ``OSMDataSet`` the PBF reader fills.
enum OverpassResponse {
    private struct Body: Decodable {
        var elements: [Element]
        var remark: String?
    }

    private struct Element: Decodable {
        struct Member: Decodable {
            var type: String
            var ref: Int64
            var role: String?
        }
        var type: String
        var id: Int64
        var lat: Double?
        var lon: Double?
        var nodes: [Int64]?
        var members: [Member]?
        var tags: [String: String]?
    }

    /// Parses `data`; a `remark` with "runtime error" (Overpass's in-band timeout) is an error.
    static func decode(_ data: Data) throws -> OSMDataSet {
        let body: Body
        do {
            body = try JSONDecoder().decode(Body.self, from: data)
        } catch {
            throw OSMError(
                code: .responseInvalid,
                message: "Could not retrieve map data for this location.",
                detail: "Overpass answer is not JSON: \(error)"
            )
        }
        if let remark = body.remark, remark.contains("runtime error") {
            throw OSMError(
                code: .responseInvalid,
                message: "Could not retrieve map data for this location.",
                detail: "Overpass: \(remark)"
            )
        }
        var dataSet = OSMDataSet()
        for element in body.elements {
            switch element.type {
            case "node":
                if let lat = element.lat, let lon = element.lon {
                    dataSet.nodes[element.id] = GeoPoint(latitude: lat, longitude: lon)
                }
            case "way":
                dataSet.ways[element.id] = OSMWay(
                    id: element.id, nodeIDs: element.nodes ?? [], tags: element.tags ?? [:])
            case "relation":
                let members = (element.members ?? []).map { member in
                    let kind: OSMRelation.MemberKind =
                        member.type == "node" ? .node : member.type == "way" ? .way : .relation
                    return OSMRelation.Member(kind: kind, id: member.ref, role: member.role ?? "")
                }
                dataSet.relations[element.id] = OSMRelation(id: element.id, members: members, tags: element.tags ?? [:])
            default: continue
            }
        }
        return dataSet
    }
}
