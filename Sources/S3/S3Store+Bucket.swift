import Crypto
import Foundation

extension S3Store {
    /// Creates the bucket if missing, makes its objects publicly readable and, when
    /// ``expirationDays`` is positive, installs the expiration rule. Safe to call again.
    public func prepare() async throws {
        try await createBucketIfMissing()
        try await putPublicReadPolicy()
        if expirationDays > 0 { try await putExpirationRule(days: expirationDays) }
    }

    /// Creates the bucket unless it exists (`HeadBucket`, then `CreateBucket`).
    public func createBucketIfMissing() async throws {
        let head = try await send("HeadBucket", "HEAD", accept: [200, 404])
        guard head.status == 404 else { return }
        var body = Data()
        if signer.region != "us-east-1" {
            body = Data(
                ("<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                    + "<LocationConstraint>\(signer.region)</LocationConstraint></CreateBucketConfiguration>").utf8)
        }
        let headers = body.isEmpty ? [] : [("Content-Type", "application/xml")]
        // 409 BucketAlreadyOwnedByYou: another worker created it in between.
        _ = try await send("CreateBucket", "PUT", headers: headers, body: body, accept: [200, 409])
    }

    /// The anonymous-read policy `mc anonymous set download` sets: anyone may `GetObject` and `GetBucketLocation`.
    public var publicReadPolicy: String {
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["*"]},"#
            + #""Action":["s3:GetBucketLocation"],"Resource":["arn:aws:s3:::\#(bucket)"]},"#
            + #"{"Effect":"Allow","Principal":{"AWS":["*"]},"Action":["s3:GetObject"],"#
            + #""Resource":["arn:aws:s3:::\#(bucket)/*"]}]}"#
    }

    /// Installs ``publicReadPolicy`` (`PutBucketPolicy`).
    public func putPublicReadPolicy() async throws {
        _ = try await send(
            "PutBucketPolicy", "PUT", query: [("policy", "")], headers: [("Content-Type", "application/json")],
            body: Data(publicReadPolicy.utf8), accept: [200, 204])
    }

    /// The bucket policy as stored by the server, or `nil` when there is none (`GetBucketPolicy`).
    public func bucketPolicy() async throws -> String? {
        let response = try await send("GetBucketPolicy", "GET", query: [("policy", "")], accept: [200, 404])
        return response.status == 200 ? String(decoding: response.body, as: UTF8.self) : nil
    }

    /// Installs one lifecycle rule, `mapposter-expire`, that deletes every object `days` days after
    /// it was written (`PutBucketLifecycleConfiguration`, with the `Content-MD5` S3 requires).
    public func putExpirationRule(days: Int) async throws {
        let body = Data(
            ("<LifecycleConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Rule>"
                + "<ID>mapposter-expire</ID><Filter><Prefix></Prefix></Filter><Status>Enabled</Status>"
                + "<Expiration><Days>\(days)</Days></Expiration></Rule></LifecycleConfiguration>").utf8)
        let md5 = Data(Insecure.MD5.hash(data: body)).base64EncodedString()
        _ = try await send(
            "PutBucketLifecycleConfiguration", "PUT", query: [("lifecycle", "")],
            headers: [("Content-MD5", md5), ("Content-Type", "application/xml")], body: body, accept: [200])
    }

    /// The expiration in days of each enabled lifecycle rule with an `Expiration/Days`, in order
    /// (`GetBucketLifecycleConfiguration`); empty when the bucket has no lifecycle configuration.
    public func expirationRules() async throws -> [Int] {
        let response = try await send(
            "GetBucketLifecycleConfiguration", "GET", query: [("lifecycle", "")], accept: [200, 404])
        guard response.status == 200 else { return [] }
        let text = String(decoding: response.body, as: UTF8.self)
        return XMLText.elements("Rule", in: text).compactMap { rule in
            guard XMLText.first("Status", in: rule) == "Enabled",
                let expiration = XMLText.first("Expiration", in: rule)
            else { return nil }
            return XMLText.first("Days", in: expiration).flatMap { Int($0) }
        }
    }

    /// Deletes the bucket, which must be empty (`DeleteBucket`).
    public func deleteBucket() async throws {
        _ = try await send("DeleteBucket", "DELETE", accept: [200, 204, 404])
    }
}
