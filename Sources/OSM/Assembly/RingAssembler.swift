/// Joins way node lists end to end into closed rings, as multipolygon relations need.
enum RingAssembler {
    /// The rings `ways` form, and how many chains could not be closed.
    ///
    /// Closed ways are rings on their own; open ways are joined at shared end nodes, reversed
    /// when needed. A chain that reaches a dead end is broken and dropped.
    static func rings(from ways: [[Int64]]) -> (rings: [[Int64]], broken: Int) {
        var rings: [[Int64]] = []
        var open: [[Int64]] = []
        for way in ways where way.count >= 2 {
            if way.first == way.last {
                if way.count >= 4 { rings.append(way) }
            } else {
                open.append(way)
            }
        }
        var byEndpoint: [Int64: [Int]] = [:]
        for (index, way) in open.enumerated() {
            byEndpoint[way.first!, default: []].append(index)
            byEndpoint[way.last!, default: []].append(index)
        }
        var used = [Bool](repeating: false, count: open.count)
        var broken = 0
        for start in open.indices where !used[start] {
            used[start] = true
            var ring = open[start]
            while ring.first != ring.last {
                let end = ring.last!
                guard let next = byEndpoint[end]?.first(where: { !used[$0] }) else { break }
                used[next] = true
                let way = open[next]
                ring.append(contentsOf: way.first == end ? way.dropFirst() : way.reversed().dropFirst())
            }
            if ring.first == ring.last, ring.count >= 4 {
                rings.append(ring)
            } else {
                broken += 1
            }
        }
        return (rings, broken)
    }
}
