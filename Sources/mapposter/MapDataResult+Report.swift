import Foundation
import OSM

extension MapDataResult {
    /// Writes each assembly warning (a broken multipolygon ring, …) to standard error.
    func reportWarnings() {
        for warning in warnings {
            FileHandle.standardError.write(Data("warning: \(warning)\n".utf8))
        }
    }
}
