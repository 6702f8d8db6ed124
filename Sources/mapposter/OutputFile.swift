import ArgumentParser
import Foundation
import PosterDesign

/// Where a command writes its file: checked before any work, written with errors in words.
struct OutputFile {
    /// The path as given to `--output`.
    let path: String

    /// A file that could not be written, with the system's reason ("Permission denied").
    struct WriteError: Error, CustomStringConvertible {
        var path: String
        var reason: String
        var description: String { "Could not write \(path): \(reason)." }
    }

    /// The file's extension in lower case, without the dot; empty when it has none.
    var pathExtension: String { URL(fileURLWithPath: path).pathExtension.lowercased() }

    /// Throws unless the file's folder exists (and is a folder) and the path is not itself a folder.
    func validateFolder() throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) else {
            throw ValidationError("The folder \(folder) for --output does not exist: create it first.")
        }
        guard isFolder.boolValue else { throw ValidationError("\(folder) in --output is a file, not a folder.") }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw ValidationError("--output \(path) is a folder: give a file name.")
        }
    }

    /// The poster format: `--format` when given, else the one the file name ends in (PNG without an extension).
    ///
    /// - Throws: `ValidationError` when `--format` and the extension disagree, or when neither names a format.
    func format(given: String?) throws -> PosterFormat {
        let byExtension = try? PosterFormat(parsing: pathExtension)
        guard let given else {
            if let byExtension { return byExtension }
            if pathExtension.isEmpty { return .png }
            throw ValidationError(
                "Cannot tell the format of \(path): end --output in .png, .svg or .pdf, or give --format.")
        }
        let format: PosterFormat
        do {
            format = try PosterFormat(parsing: given)
        } catch let error as RenderError {
            throw ValidationError(error.message)
        }
        if let byExtension, byExtension != format {
            throw ValidationError(
                "--output \(path) ends in .\(pathExtension) but --format is \(format.rawValue): make them agree, or leave --format out."
            )
        }
        return format
    }

    /// Writes `data`, replacing any file there.
    ///
    /// - Throws: ``WriteError`` with the system's reason.
    func write(_ data: Data) throws {
        do {
            try data.write(to: URL(fileURLWithPath: path))
        } catch {
            throw WriteError(path: path, reason: Self.reason(error))
        }
    }

    /// The POSIX reason behind a Foundation file error ("No such file or directory"), else its description.
    private static func reason(_ error: any Error) -> String {
        let error = error as NSError
        let posix = (error.userInfo[NSUnderlyingErrorKey] as? NSError) ?? error
        if posix.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(posix.code))) }
        return error.localizedDescription
    }
}
