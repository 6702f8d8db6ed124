import CCurl
import Foundation

/// One libcurl easy handle: blocking HTTP transfers with timeouts and a response size limit.
///
/// ## Threading
/// ``perform(_:)`` blocks the calling thread until the transfer ends (bounded by the request's
/// timeouts). Call it from a thread you own (a thread pool), never from the Swift cooperative pool.
/// A handle has one owner and is not `Sendable`; it may be reused for many requests in sequence,
/// which keeps connections alive.
///
/// ## Cleanup
/// `deinit` frees the handle (`curl_easy_cleanup`).
public final class CurlEasyHandle {
    private let handle: UnsafeMutableRawPointer

    /// Creates a handle. `curl_global_init` runs once per process before the first one.
    public init() throws {
        _ = curlGlobalInit
        guard let handle = curl_easy_init() else {
            throw CurlError(code: .transferFailed, curlCode: -1, message: "curl_easy_init failed", request: "")
        }
        self.handle = handle
    }

    deinit { curl_easy_cleanup(handle) }

    /// Runs `request` to completion on a fresh handle (blocking).
    @available(*, noasync, message: "blocks the thread; run it on a thread pool")
    public static func perform(_ request: CurlRequest) throws -> CurlResponse {
        try CurlEasyHandle().perform(request)
    }

    /// Runs `request` to completion (blocking).
    ///
    /// - Returns: the response, whatever its status.
    /// - Throws: ``CurlError`` when the transfer fails (connection, timeout, size limit).
    @available(*, noasync, message: "blocks the thread; run it on a thread pool")
    public func perform(_ request: CurlRequest) throws -> CurlResponse {
        curl_easy_reset(handle)
        let sink = ResponseSink(limit: request.maxResponseSize)
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }
        for header in request.headers {
            let line = header.value.isEmpty ? "\(header.name):" : "\(header.name): \(header.value)"
            headerList = curl_slist_append(headerList, line)
        }
        headerList = curl_slist_append(headerList, "Expect:")

        let body = request.body ?? Data()
        return try body.withUnsafeBytes { bodyBytes in
            try errorBuffer.withUnsafeMutableBufferPointer { errorPointer in
                var status = CURLE_OK
                func set(_ code: CURLcode) { if status == CURLE_OK { status = code } }
                set(CCurl_setopt_string(handle, CURLOPT_URL, request.url))
                set(CCurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
                set(CCurl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 1))
                set(CCurl_setopt_long(handle, CURLOPT_MAXREDIRS, 5))
                set(CCurl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(request.connectTimeout * 1000)))
                set(CCurl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(request.timeout * 1000)))
                set(CCurl_setopt_off(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(request.maxResponseSize)))
                set(CCurl_setopt_string(handle, CURLOPT_USERAGENT, request.userAgent))
                set(CCurl_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, ""))
                set(CCurl_setopt_pointer(handle, CURLOPT_HTTPHEADER, UnsafeMutableRawPointer(headerList)))
                set(
                    CCurl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorPointer.baseAddress))
                )
                let sinkPointer = Unmanaged.passUnretained(sink).toOpaque()
                set(CCurl_setopt_write_callback(handle, CURLOPT_WRITEFUNCTION, curlWriteBody))
                set(CCurl_setopt_pointer(handle, CURLOPT_WRITEDATA, sinkPointer))
                set(CCurl_setopt_write_callback(handle, CURLOPT_HEADERFUNCTION, curlWriteHeader))
                set(CCurl_setopt_pointer(handle, CURLOPT_HEADERDATA, sinkPointer))
                switch request.method {
                case "GET": set(CCurl_setopt_long(handle, CURLOPT_HTTPGET, 1))
                case "HEAD": set(CCurl_setopt_long(handle, CURLOPT_NOBODY, 1))
                default: set(CCurl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method))
                }
                if request.body != nil || ["POST", "PUT", "PATCH"].contains(request.method) {
                    set(CCurl_setopt_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(bodyBytes.count)))
                    let bodyPointer = bodyBytes.baseAddress ?? UnsafeRawPointer(("" as StaticString).utf8Start)
                    set(
                        CCurl_setopt_pointer(handle, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: bodyPointer))
                    )
                }
                if let sigV4 = request.sigV4 {
                    set(CCurl_setopt_string(handle, CURLOPT_AWS_SIGV4, sigV4.provider))
                    set(CCurl_setopt_string(handle, CURLOPT_USERPWD, "\(sigV4.accessKeyID):\(sigV4.secretAccessKey)"))
                }
                guard status == CURLE_OK else {
                    throw CurlError(
                        code: .invalidRequest,
                        curlCode: Int(status.rawValue),
                        message: String(cString: curl_easy_strerror(status)),
                        request: request.summary
                    )
                }
                let result = curl_easy_perform(handle)
                // Forget the borrowed pointers so a reused handle never touches them again.
                _ = CCurl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, nil)
                guard result == CURLE_OK else {
                    throw error(
                        result, detail: String(cString: errorPointer.baseAddress!), sink: sink, request: request)
                }
                var code = 0
                _ = CCurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code)
                return CurlResponse(status: code, headers: sink.headers, body: sink.body)
            }
        }
    }

    private func error(_ result: CURLcode, detail: String, sink: ResponseSink, request: CurlRequest) -> CurlError {
        let message = detail.isEmpty ? String(cString: curl_easy_strerror(result)) : detail
        let code: CurlError.Code
        switch result {
        case CURLE_OPERATION_TIMEDOUT: code = .timedOut
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_SSL_CONNECT_ERROR:
            code = .couldNotConnect
        case CURLE_FILESIZE_EXCEEDED: code = .responseTooLarge
        case CURLE_WRITE_ERROR where sink.exceeded: code = .responseTooLarge
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL: code = .invalidRequest
        default: code = .transferFailed
        }
        return CurlError(code: code, curlCode: Int(result.rawValue), message: message, request: request.summary)
    }
}

/// `curl_global_init`, run once per process (lazy global, thread-safe by Swift's rules).
private let curlGlobalInit: Void = {
    curl_global_init(Int(CURL_GLOBAL_DEFAULT))
}()

/// Collects a response: lives for one ``CurlEasyHandle/perform(_:)`` call on one thread.
private final class ResponseSink {
    let limit: Int
    var body = Data()
    var headers: [(name: String, value: String)] = []
    var exceeded = false

    init(limit: Int) { self.limit = limit }
}

/// CURLOPT_WRITEFUNCTION: appends to the sink; returning less than given aborts the transfer.
private func curlWriteBody(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ userdata: UnsafeMutableRawPointer?
) -> Int {
    guard let data, let userdata else { return 0 }
    let sink = Unmanaged<ResponseSink>.fromOpaque(userdata).takeUnretainedValue()
    let length = size * count
    if sink.body.count + length > sink.limit {
        sink.exceeded = true
        return 0
    }
    sink.body.append(UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: length)
    return length
}

/// CURLOPT_HEADERFUNCTION: one header line per call; a status line starts a new response (redirects).
private func curlWriteHeader(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ userdata: UnsafeMutableRawPointer?
) -> Int {
    guard let data, let userdata else { return 0 }
    let sink = Unmanaged<ResponseSink>.fromOpaque(userdata).takeUnretainedValue()
    let length = size * count
    let line = String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
        .trimmingCharacters(in: .whitespacesAndNewlines)
    if line.hasPrefix("HTTP/") {
        sink.headers = []
    } else if let colon = line.firstIndex(of: ":") {
        let name = String(line[..<colon]).trimmingCharacters(in: .whitespaces)
        let value = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        sink.headers.append((name, value))
    }
    return length
}
