import JSON

/// Validates one JSON object against a pydantic model's fields, collecting every issue in field order.
///
/// Fields that are missing fall back to their default or, when required, record `missing` with the
/// whole object as input, as pydantic does. Extra members are ignored.
struct ModelValidator {
    let object: JSONObject
    let input: JSONValue
    let path: [ValidationIssue.PathComponent]
    private(set) var issues: [ValidationIssue] = []

    /// Starts validating `input` as the model `modelName`; `nil` (after recording `model_type`) if it is no object.
    init?(
        _ input: JSONValue, model modelName: String, at path: [ValidationIssue.PathComponent],
        issues: inout [ValidationIssue]
    ) {
        guard case .object(let object) = input else {
            let failure = LaxCoercion.Failure.modelType(modelName)
            issues.append(ValidationIssue(type: failure.type, location: path, message: failure.message, input: input))
            return nil
        }
        self.object = object
        self.input = input
        self.path = path
    }

    /// Reads a required field; `nil` after recording an issue.
    mutating func required<T>(
        _ name: String, _ convert: (JSONValue, [ValidationIssue.PathComponent], inout [ValidationIssue]) -> T?
    ) -> T? {
        guard let value = object[name] else {
            record(.missing, at: name, input: input)
            return nil
        }
        return convert(value, path + [.key(name)], &issues)
    }

    /// Reads a field with a default; `nil` after recording an issue.
    mutating func optional<T>(
        _ name: String, default defaultValue: T,
        _ convert: (JSONValue, [ValidationIssue.PathComponent], inout [ValidationIssue]) -> T?
    ) -> T? {
        guard let value = object[name] else { return defaultValue }
        return convert(value, path + [.key(name)], &issues)
    }

    private mutating func record(_ failure: LaxCoercion.Failure, at name: String, input: JSONValue) {
        issues.append(
            ValidationIssue(type: failure.type, location: path + [.key(name)], message: failure.message, input: input))
    }
}

/// Converters in the shape ``ModelValidator`` takes, one per field type.
enum FieldType {
    typealias Path = [ValidationIssue.PathComponent]

    static func scalar<T>(_ coerce: @escaping (JSONValue) -> Result<T, LaxCoercion.Failure>) -> (
        JSONValue, Path, inout [ValidationIssue]
    ) -> T? {
        { value, path, issues in
            switch coerce(value) {
            case .success(let result): return result
            case .failure(let failure):
                issues.append(
                    ValidationIssue(type: failure.type, location: path, message: failure.message, input: value))
                return nil
            }
        }
    }

    static func string(_ value: JSONValue, _ path: Path, _ issues: inout [ValidationIssue]) -> String? {
        scalar(LaxCoercion.string)(value, path, &issues)
    }

    static func int(_ value: JSONValue, _ path: Path, _ issues: inout [ValidationIssue]) -> Int? {
        scalar(LaxCoercion.int)(value, path, &issues)
    }

    static func double(_ value: JSONValue, _ path: Path, _ issues: inout [ValidationIssue]) -> Double? {
        scalar(LaxCoercion.double)(value, path, &issues)
    }

    static func bool(_ value: JSONValue, _ path: Path, _ issues: inout [ValidationIssue]) -> Bool? {
        scalar(LaxCoercion.bool)(value, path, &issues)
    }

    /// `Optional[T]`: `null` is valid; the result is `.some(nil)` then.
    static func nullable<T>(_ inner: @escaping (JSONValue, Path, inout [ValidationIssue]) -> T?) -> (
        JSONValue, Path, inout [ValidationIssue]
    ) -> T?? {
        { value, path, issues in
            if value == .null { return .some(nil) }
            guard let result = inner(value, path, &issues) else { return nil }
            return .some(result)
        }
    }

    /// `Dict[str, Any]`: any object, kept as is.
    static func dictionary(_ value: JSONValue, _ path: Path, _ issues: inout [ValidationIssue]) -> JSONObject? {
        if case .object(let object) = value { return object }
        let failure = LaxCoercion.Failure.dictType
        issues.append(ValidationIssue(type: failure.type, location: path, message: failure.message, input: value))
        return nil
    }

    /// `List[T]`: each element validated, every element's issues reported.
    static func list<T>(_ element: @escaping (JSONValue, Path, inout [ValidationIssue]) -> T?) -> (
        JSONValue, Path, inout [ValidationIssue]
    ) -> [T]? {
        { value, path, issues in
            guard case .array(let elements) = value else {
                let failure = LaxCoercion.Failure.listType
                issues.append(
                    ValidationIssue(type: failure.type, location: path, message: failure.message, input: value))
                return nil
            }
            var results: [T] = []
            var failed = false
            for (index, item) in elements.enumerated() {
                if let result = element(item, path + [.index(index)], &issues) {
                    results.append(result)
                } else {
                    failed = true
                }
            }
            return failed ? nil : results
        }
    }
}
