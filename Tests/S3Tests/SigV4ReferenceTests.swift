import Foundation
import MapPosterTesting
import Testing

@testable import S3

/// Signs the same requests as botocore (`S3SigV4Auth`, `S3SigV4QueryAuth`) with a fixed clock and
/// credentials, and expects the same bytes.
@Suite struct SigV4ReferenceTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "botocore_reference.py")
    static let date = Date(timeIntervalSince1970: 1_769_337_000)  // 2026-01-25T10:30:00Z

    struct Case {
        var method: String
        var url: URL
        var headers: [(String, String)] = []
        var body = ""
        var credentials = AWSCredentials(
            accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
        var region = "us-east-1"
        var expires = 3600

        func json(kind: String) -> String {
            let object: [String: Any?] = [
                "kind": kind, "method": method, "url": url.absoluteString, "headers": headers.map { [$0.0, $0.1] },
                "body": body, "access": credentials.accessKeyID, "secret": credentials.secretAccessKey,
                "token": credentials.sessionToken, "region": region,
                "timestamp": SigV4Signer.timestamp(SigV4ReferenceTests.date),
                "expires": expires,
            ]
            let data = try! JSONSerialization.data(withJSONObject: object.mapValues { $0 ?? NSNull() })
            return String(decoding: data, as: UTF8.self)
        }
    }

    static func store(_ endpoint: String, bucket: String = "posters", region: String = "us-east-1") -> S3Store {
        S3Store(
            endpoint: URL(string: endpoint)!, bucket: bucket,
            signer: SigV4Signer(credentials: AWSCredentials(accessKeyID: "x", secretAccessKey: "y"), region: region),
            transport: CurlTransport(pool: .testing))
    }

    static var cases: [Case] {
        let local = store("http://127.0.0.1:9000")
        let aws = store("https://s3.eu-west-3.amazonaws.com/", bucket: "my.bucket", region: "eu-west-3")
        let token = AWSCredentials(
            accessKeyID: "ASIAEXAMPLE", secretAccessKey: "secret/with+chars", sessionToken: "FwoG/ZXIvYXdz+token==")
        return [
            Case(
                method: "PUT", url: local.url(key: "paris_noir_fc508b37.png"), headers: [("Content-Type", "image/png")],
                body: "\u{89}PNG fake"),
            Case(method: "HEAD", url: local.url(key: "saint-étienne_feature_based_12345678.png")),
            Case(method: "GET", url: local.url(key: "dir/sub dir/a+b=c&d~e*f'(g).pdf")),
            Case(method: "DELETE", url: local.url(key: "東京_noir_0000.svg")),
            Case(
                method: "GET",
                url: local.url(query: [
                    ("list-type", "2"), ("max-keys", "1000"), ("prefix", "a b/é"), ("continuation-token", "1/AbC+dE=="),
                ])),
            Case(
                method: "PUT", url: local.url(query: [("policy", "")]), headers: [("Content-Type", "application/json")],
                body: #"{"a":"b"}"#),
            Case(
                method: "PUT", url: local.url(query: [("lifecycle", "")]),
                headers: [("Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg=="), ("Content-Type", "application/xml")],
                body: "<LifecycleConfiguration/>"),
            Case(
                method: "PUT", url: aws.url(key: "x.zip"),
                headers: [("Content-Type", "application/zip"), ("X-Custom", "  a   b  ")], body: "zip",
                credentials: token, region: "eu-west-3"),
            Case(method: "HEAD", url: aws.url(), credentials: token, region: "eu-west-3"),
            Case(
                method: "GET", url: local.url(key: "k.png"),
                headers: [("User-Agent", "not signed"), ("Expect", "100-continue")]),
        ]
    }

    @Test func authorizationHeadersMatchBotocore() async throws {
        let cases = Self.cases
        let output = try await PythonScript.run(
            Self.script, input: cases.map { $0.json(kind: "sign") }.joined(separator: "\n") + "\n")
        let answers = output.split(separator: "\n").map {
            try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: [String: String]]
        }
        #expect(answers.count == cases.count)
        for (testCase, answer) in zip(cases, answers) {
            let signer = SigV4Signer(credentials: testCase.credentials, region: testCase.region)
            let signed = signer.signedHeaders(
                method: testCase.method, url: testCase.url, headers: testCase.headers,
                payload: Data(testCase.body.utf8), date: Self.date)
            let swift = Dictionary(signed.map { ($0.0.lowercased(), $0.1) }, uniquingKeysWith: { $1 })
            #expect(swift == answer["headers"], "\(testCase.method) \(testCase.url)")
        }
    }

    @Test func presignedURLsMatchBotocore() async throws {
        let local = Self.store("http://127.0.0.1:9000")
        let token = AWSCredentials(accessKeyID: "ASIAEXAMPLE", secretAccessKey: "s/k+", sessionToken: "tok/en+=")
        let cases = [
            Case(method: "GET", url: local.url(key: "paris_noir_fc508b37.png")),
            Case(method: "GET", url: local.url(key: "dir/Łódź & co (1).zip"), expires: 604_800),
            Case(
                method: "GET", url: URL(string: "https://s3.amazonaws.com/posters/a.png")!, credentials: token,
                region: "eu-central-1", expires: 60),
            Case(
                method: "GET",
                url: URL(string: "http://localhost:9000/posters/a.png?response-content-type=image%2Fpng")!),
        ]
        let output = try await PythonScript.run(
            Self.script, input: cases.map { $0.json(kind: "presign") }.joined(separator: "\n") + "\n")
        let answers = output.split(separator: "\n").map {
            try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: String]
        }
        #expect(answers.count == cases.count)
        for (testCase, answer) in zip(cases, answers) {
            let signer = SigV4Signer(credentials: testCase.credentials, region: testCase.region)
            let url = signer.presignedURL(url: testCase.url, expires: testCase.expires, date: Self.date)
            #expect(url.absoluteString == answer["url"])
        }
    }

    /// The example of the AWS S3 documentation ("GET Object", Signature Version 4 examples).
    @Test func awsDocumentationExample() {
        let signer = SigV4Signer(
            credentials: AWSCredentials(
                accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
            region: "us-east-1")
        let url = signer.presignedURL(
            url: URL(string: "https://examplebucket.s3.amazonaws.com/test.txt")!, expires: 86400,
            date: Date(timeIntervalSince1970: 1_369_353_600))  // 2013-05-24T00:00:00Z
        #expect(
            url.absoluteString.hasSuffix(
                "X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"))
    }
}
