extension PBFBlock {
    /// Decodes a PrimitiveBlock message (osmformat.proto), keeping only the `wanted` kinds.
    package static func decode(_ buffer: UnsafeRawBufferPointer, wanted: PBFContents) throws -> PBFBlock {
        var strings: [UnsafeRawBufferPointer] = []
        var groups: [UnsafeRawBufferPointer] = []
        var granularity: Int64 = 100
        var latitudeOffset: Int64 = 0
        var longitudeOffset: Int64 = 0
        var reader = ProtobufReader(buffer)
        while let field = try reader.nextField() {
            switch (field.number, field.wireType) {
            case (1, 2):
                var table = ProtobufReader(try reader.bytes())
                while let entry = try table.nextField() {
                    if entry.number == 1, entry.wireType == 2 {
                        strings.append(try table.bytes())
                    } else {
                        try table.skip(wireType: entry.wireType)
                    }
                }
            case (2, 2): groups.append(try reader.bytes())
            case (17, 0): granularity = Int64(bitPattern: try reader.varint())
            case (19, 0): latitudeOffset = Int64(bitPattern: try reader.varint())
            case (20, 0): longitudeOffset = Int64(bitPattern: try reader.varint())
            default: try reader.skip(wireType: field.wireType)
            }
        }
        var decoder = BlockDecoder(
            strings: StringTable(entries: strings),
            granularity: granularity,
            latitudeOffset: latitudeOffset,
            longitudeOffset: longitudeOffset,
            wanted: wanted
        )
        for group in groups { try decoder.decodeGroup(group) }
        return decoder.block
    }
}

/// Strings of a block's table, turned into `String`s only when first used.
struct StringTable {
    let entries: [UnsafeRawBufferPointer]
    private var cache: [String?]

    init(entries: [UnsafeRawBufferPointer]) {
        self.entries = entries
        self.cache = Array(repeating: nil, count: entries.count)
    }

    mutating func string(_ index: Int) throws -> String {
        guard index >= 0, index < entries.count else { throw PBFFormatError("string index \(index) out of range") }
        if let cached = cache[index] { return cached }
        let value = String(decoding: entries[index], as: UTF8.self)
        cache[index] = value
        return value
    }
}

/// Decodes the PrimitiveGroups of one block.
private struct BlockDecoder {
    var strings: StringTable
    let granularity: Int64
    let latitudeOffset: Int64
    let longitudeOffset: Int64
    let wanted: PBFContents
    var block = PBFBlock()
    private var scratch: [UInt64] = []
    private var scratch2: [UInt64] = []

    init(strings: StringTable, granularity: Int64, latitudeOffset: Int64, longitudeOffset: Int64, wanted: PBFContents) {
        self.strings = strings
        self.granularity = granularity
        self.latitudeOffset = latitudeOffset
        self.longitudeOffset = longitudeOffset
        self.wanted = wanted
    }

    @inline(__always)
    private func latitude(_ raw: Int64) -> Double { Double(latitudeOffset &+ granularity &* raw) / 1e9 }
    @inline(__always)
    private func longitude(_ raw: Int64) -> Double { Double(longitudeOffset &+ granularity &* raw) / 1e9 }

    mutating func decodeGroup(_ buffer: UnsafeRawBufferPointer) throws {
        var reader = ProtobufReader(buffer)
        while let field = try reader.nextField() {
            switch (field.number, field.wireType) {
            case (1, 2):
                block.contents.insert(.nodes)
                let message = try reader.bytes()
                if wanted.contains(.nodes) { try decodeNode(message) }
            case (2, 2):
                block.contents.insert(.nodes)
                let message = try reader.bytes()
                if wanted.contains(.nodes) { try decodeDenseNodes(message) }
            case (3, 2):
                block.contents.insert(.ways)
                let message = try reader.bytes()
                if wanted.contains(.ways) { try decodeWay(message) }
            case (4, 2):
                block.contents.insert(.relations)
                let message = try reader.bytes()
                if wanted.contains(.relations) { try decodeRelation(message) }
            default: try reader.skip(wireType: field.wireType)
            }
        }
    }

    private mutating func tags(keys: [UInt64], values: [UInt64]) throws -> [String: String] {
        guard keys.count == values.count else { throw PBFFormatError("keys and values differ in length") }
        var tags: [String: String] = [:]
        tags.reserveCapacity(keys.count)
        for index in keys.indices {
            tags[try strings.string(Int(clamping: keys[index]))] = try strings.string(Int(clamping: values[index]))
        }
        return tags
    }

    private mutating func decodeNode(_ buffer: UnsafeRawBufferPointer) throws {
        var reader = ProtobufReader(buffer)
        var id: Int64 = 0
        var lat: Int64 = 0
        var lon: Int64 = 0
        scratch.removeAll(keepingCapacity: true)
        scratch2.removeAll(keepingCapacity: true)
        while let field = try reader.nextField() {
            switch (field.number, field.wireType) {
            case (1, 0): id = try reader.signedVarint()
            case (2, 2): try ProtobufReader.packedVarints(try reader.bytes(), into: &scratch)
            case (3, 2): try ProtobufReader.packedVarints(try reader.bytes(), into: &scratch2)
            case (8, 0): lat = try reader.signedVarint()
            case (9, 0): lon = try reader.signedVarint()
            default: try reader.skip(wireType: field.wireType)
            }
        }
        if wanted.contains(.nodeTags), !scratch.isEmpty {
            block.nodeTags[block.nodeIDs.count] = try tags(keys: scratch, values: scratch2)
        }
        block.nodeIDs.append(id)
        block.latitudes.append(latitude(lat))
        block.longitudes.append(longitude(lon))
    }

    private mutating func decodeDenseNodes(_ buffer: UnsafeRawBufferPointer) throws {
        var reader = ProtobufReader(buffer)
        var idsBuffer: UnsafeRawBufferPointer?
        var latitudesBuffer: UnsafeRawBufferPointer?
        var longitudesBuffer: UnsafeRawBufferPointer?
        var keysValsBuffer: UnsafeRawBufferPointer?
        while let field = try reader.nextField() {
            switch (field.number, field.wireType) {
            case (1, 2): idsBuffer = try reader.bytes()
            case (8, 2): latitudesBuffer = try reader.bytes()
            case (9, 2): longitudesBuffer = try reader.bytes()
            case (10, 2): keysValsBuffer = try reader.bytes()
            default: try reader.skip(wireType: field.wireType)
            }
        }
        guard let idsBuffer, let latitudesBuffer, let longitudesBuffer else { return }
        let first = block.nodeIDs.count
        try ProtobufReader.packedDeltas(idsBuffer, into: &block.nodeIDs)
        var latReader = ProtobufReader(latitudesBuffer)
        var lonReader = ProtobufReader(longitudesBuffer)
        var lat: Int64 = 0
        var lon: Int64 = 0
        let count = block.nodeIDs.count - first
        block.latitudes.reserveCapacity(block.nodeIDs.count)
        block.longitudes.reserveCapacity(block.nodeIDs.count)
        for _ in 0..<count {
            lat &+= try latReader.signedVarint()
            lon &+= try lonReader.signedVarint()
            block.latitudes.append(latitude(lat))
            block.longitudes.append(longitude(lon))
        }
        guard wanted.contains(.nodeTags), let keysValsBuffer else { return }
        var keysVals = ProtobufReader(keysValsBuffer)
        var index = first
        var current: [String: String] = [:]
        while !keysVals.isAtEnd {
            let key = Int(clamping: try keysVals.varint())
            if key == 0 {
                if !current.isEmpty { block.nodeTags[index] = current }
                current = [:]
                index += 1
                continue
            }
            let value = Int(clamping: try keysVals.varint())
            current[try strings.string(key)] = try strings.string(value)
        }
    }

    private mutating func decodeWay(_ buffer: UnsafeRawBufferPointer) throws {
        var reader = ProtobufReader(buffer)
        var id: Int64 = 0
        var refs: [Int64] = []
        scratch.removeAll(keepingCapacity: true)
        scratch2.removeAll(keepingCapacity: true)
        while let field = try reader.nextField() {
            switch (field.number, field.wireType) {
            case (1, 0): id = Int64(bitPattern: try reader.varint())
            case (2, 2): try ProtobufReader.packedVarints(try reader.bytes(), into: &scratch)
            case (3, 2): try ProtobufReader.packedVarints(try reader.bytes(), into: &scratch2)
            case (8, 2): try ProtobufReader.packedDeltas(try reader.bytes(), into: &refs)
            default: try reader.skip(wireType: field.wireType)
            }
        }
        block.ways.append(OSMWay(id: id, nodeIDs: refs, tags: try tags(keys: scratch, values: scratch2)))
    }

    private mutating func decodeRelation(_ buffer: UnsafeRawBufferPointer) throws {
        var reader = ProtobufReader(buffer)
        var id: Int64 = 0
        var roles: [UInt64] = []
        var memberIDs: [Int64] = []
        var types: [UInt64] = []
        scratch.removeAll(keepingCapacity: true)
        scratch2.removeAll(keepingCapacity: true)
        while let field = try reader.nextField() {
            switch (field.number, field.wireType) {
            case (1, 0): id = Int64(bitPattern: try reader.varint())
            case (2, 2): try ProtobufReader.packedVarints(try reader.bytes(), into: &scratch)
            case (3, 2): try ProtobufReader.packedVarints(try reader.bytes(), into: &scratch2)
            case (8, 2): try ProtobufReader.packedVarints(try reader.bytes(), into: &roles)
            case (9, 2): try ProtobufReader.packedDeltas(try reader.bytes(), into: &memberIDs)
            case (10, 2): try ProtobufReader.packedVarints(try reader.bytes(), into: &types)
            default: try reader.skip(wireType: field.wireType)
            }
        }
        guard roles.count == memberIDs.count, types.count == memberIDs.count else {
            throw PBFFormatError("relation \(id): member arrays differ in length")
        }
        var members: [OSMRelation.Member] = []
        members.reserveCapacity(memberIDs.count)
        for index in memberIDs.indices {
            let kind = OSMRelation.MemberKind(rawValue: Int(clamping: types[index])) ?? .relation
            members.append(
                OSMRelation.Member(
                    kind: kind, id: memberIDs[index], role: try strings.string(Int(clamping: roles[index]))))
        }
        block.relations.append(OSMRelation(id: id, members: members, tags: try tags(keys: scratch, values: scratch2)))
    }
}
