import Foundation
import S3
import Testing

/// What every ``ObjectStore`` must do, run on the file store and on S3 (a real moto server).
@Suite struct ObjectStoreBehaviourTests {
    @Test(arguments: StoreKind.allCases)
    func putHeadGetDeleteRoundTrip(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let key = "saint-etienne_noir_fc508b37.png"
            #expect(try await store.head(key) == nil)
            #expect(try await store.get(key) == nil)
            let bytes = Data((0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
            let before = Date().addingTimeInterval(-5)
            try await store.put(key, data: bytes, contentType: "image/png")

            let info = try #require(try await store.head(key))
            #expect(info.key == key)
            #expect(info.size == bytes.count)
            #expect(info.contentType == "image/png")
            #expect(info.etag?.count == 32)
            #expect(
                info.lastModified >= before.addingTimeInterval(-1) && info.lastModified <= Date().addingTimeInterval(5))

            let object = try #require(try await store.get(key))
            #expect(object.data == bytes)
            #expect(object.info.contentType == "image/png")

            try await store.put(key, data: Data("<svg/>".utf8), contentType: "image/svg+xml")
            #expect(try await store.get(key)?.data == Data("<svg/>".utf8))
            #expect(try await store.head(key)?.contentType == "image/svg+xml")

            try await store.delete(key)
            #expect(try await store.head(key) == nil)
            try await store.delete(key)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func etagIsTheMD5OfTheBytes(kind: StoreKind) async throws {
        try await kind.withStore { store in
            try await store.put("a.txt", data: Data("hello".utf8), contentType: "text/plain")
            #expect(try await store.head("a.txt")?.etag == "5d41402abc4b2a76b9719d911017c592")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func keysWithUnicodeAndPunctuationRoundTrip(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let keys = ["東京_noir_12345678.png", "a b+c=d&e~f'(g)!.pdf", "dir/nested/ł.svg", "percent%20sign.png"]
            for key in keys { try await store.put(key, data: Data(key.utf8), contentType: "application/octet-stream") }
            for key in keys { #expect(try await store.get(key)?.data == Data(key.utf8), "\(key)") }
            let listed = try await store.listAll().map(\.key)
            #expect(listed == keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
        }
    }

    @Test(arguments: StoreKind.allCases)
    func listsMoreThanAThousandKeysAcrossPages(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let keys = (0..<1_050).map { String(format: "poster_%05d.png", $0) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for chunk in stride(from: 0, to: keys.count, by: 150) {
                    let slice = keys[chunk..<min(chunk + 150, keys.count)]
                    group.addTask {
                        for key in slice { try await store.put(key, data: Data(key.utf8), contentType: "image/png") }
                    }
                }
                try await group.waitForAll()
            }
            try await store.put("other.zip", data: Data("z".utf8), contentType: "application/zip")

            let first = try await store.list(prefix: "poster_", continuationToken: nil)
            #expect(first.objects.count == 1000)
            let token = try #require(first.nextContinuationToken)
            let second = try await store.list(prefix: "poster_", continuationToken: token)
            #expect(second.objects.count == 50)
            #expect(second.nextContinuationToken == nil)
            #expect((first.objects + second.objects).map(\.key) == keys)
            #expect(first.objects.first?.size == keys[0].utf8.count)

            let everything = try await store.listAll(pageSize: 400)
            #expect(everything.count == 1_051)
            #expect(everything.last?.key == "poster_01049.png")
            #expect(try await store.listAll(prefix: "other").map(\.key) == ["other.zip"])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func publicURLFollowsTheOriginalsRule(kind: StoreKind) async throws {
        try await kind.withStore { store in
            #expect(store.publicURL(for: "paris_noir_fc508b37.png") == "/minio_storage/posters/paris_noir_fc508b37.png")
            #expect(store.publicURL(for: "a b.png") == "/minio_storage/posters/a b.png")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func prepareIsIdempotent(kind: StoreKind) async throws {
        try await kind.withStore { store in
            try await store.put("kept.png", data: Data("x".utf8), contentType: "image/png")
            try await store.prepare()
            #expect(try await store.get("kept.png")?.data == Data("x".utf8))
        }
    }
}
