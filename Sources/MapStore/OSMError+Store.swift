import OSM

extension OSMError {
    /// A store whose content this build cannot read as it is written: a damaged manifest or tile (`detail` names it).
    static func invalidStore(detail: String, file: String = #fileID, line: Int = #line) -> OSMError {
        OSMError(code: .invalidData, message: "Invalid map data store.", detail: detail, file: file, line: line)
    }
}
