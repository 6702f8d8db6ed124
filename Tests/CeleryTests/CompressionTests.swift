import CZlib
import Celery
import Foundation
import JSON
import Testing

/// Bodies compressed the way kombu compresses them (`compression=` on a Python producer) decode; bad ones say why.
@Suite struct CompressionTests {
    /// `[[2, 3], {}, {embed}]` as `zlib.compress`, `bz2.compress` and `lzma.compress` of CPython 3.11 wrote it.
    static let compressed = [
        (
            "application/x-gzip",
            "eJyLjjbSUTCO1VGorgVipeTEnJykxOTsYiUrhbzSnBwdBaXUoiI0keSMxMw8ZG5+UQqUWxsLAApsGfI="
        ),
        (
            "application/x-bz2",
            "QlpoOTFBWSZTWaRTNS4AAA+bgFAEGBAACj5tmgogAFQ1AGgANNBKmJqGh6g9QyKDgh7KRfKnlLYiH3BWh+Se77WpIy1GQqGFNWw7AESeQGBAcl8XckU4UJCkUzUu"
        ),
        (
            "application/x-lzma",
            "/Td6WFoAAATm1rRGAgAhARYAAAB0L+Wj4ABQADZdAC3gxFghFmYaLE91EEZQl45P+JXz7EBhcwcW3cF2FJS4v+KyE8ElvCxsTUIn6T/m2ZkUoqc8AAAAAL+W5h8113PWAAFSUZ/rZ7QftvN9AQAAAAAEWVo="
        ),
    ]

    private func envelope(codec: String, body: String) -> KombuEnvelope {
        var envelope = KombuEnvelope(
            json: [],
            headers: JSONObject([("task", "tests.add"), ("id", "c0ffee"), ("compression", .string(codec))]),
            properties: JSONObject([("body_encoding", "base64"), ("delivery_tag", "t1")]))
        envelope.body = body
        return envelope
    }

    @Test(arguments: compressed)
    func decompressesKombusCodecs(codec: String, body: String) throws {
        let message = try TaskMessage(envelope: envelope(codec: codec, body: body))
        #expect(message.args == [2, 3])
        #expect(message.kwargs.isEmpty)
    }

    @Test func corruptTruncatedUnknownAndOversizedBodiesAreRefused() throws {
        func reason(_ codec: String, _ bytes: [UInt8]) -> String {
            do {
                _ = try envelope(codec: codec, body: Data(bytes).base64EncodedString()).payloadBytes()
                return "decoded"
            } catch {
                return error.reason
            }
        }
        let zlibBody = try #require(Data(base64Encoded: Self.compressed[0].1))
        #expect(reason("application/x-gzip", [0x78, 0x9C, 0xFF, 0xFF, 0x00]).contains("zlib body is corrupt"))
        #expect(reason("application/x-gzip", Array(zlibBody.prefix(20))).contains("zlib body is truncated"))
        let bzip2Body = try #require(Data(base64Encoded: Self.compressed[1].1))
        #expect(reason("application/x-bz2", Array(bzip2Body.prefix(30))).contains("bzip2 body is truncated"))
        #expect(reason("application/x-lzma", Array("not xz at all".utf8)).contains("lzma body is corrupt"))
        #expect(reason("application/zstd", [1, 2, 3]).contains("'application/zstd' is not supported"))

        // 65 MiB of zeros deflate to about 64 KiB: refused once the output passes 64 MiB.
        var zeros = [UInt8](repeating: 0, count: 65 << 20)
        var bound = compressBound(uLong(zeros.count))
        var bomb = [UInt8](repeating: 0, count: Int(bound))
        #expect(compress2(&bomb, &bound, &zeros, uLong(zeros.count), 9) == Z_OK)
        #expect(reason("application/x-gzip", Array(bomb.prefix(Int(bound)))).contains("larger than 64 MiB"))
    }
}
