/// Reads the members of one JSON object, collecting a ``Violation`` for each problem instead of
/// stopping at the first, so that an integrator sees everything wrong with a message at once.
///
/// Each check is one JSON Schema keyword, evaluated as a 2020-12 validator evaluates it: every keyword
/// that applies to a value is checked independently (an empty identifier breaks both `minLength` and
/// `pattern`), and a value of the wrong JSON type breaks only `type` (or `enum`/`const`, which carry no
/// `type`). The schemas in `Schemas/` spell out the same keywords; a conformance test runs every example
/// through both and checks that they find the same violations at the same paths.
public struct ObjectReader {
    /// The JSON path of the object being read, such as `$.data.scope`.
    public let path: String
    private let members: JSON.Members
    /// The members asked for, each once, by their place in ``members`` (comparing places costs less than
    /// comparing names again).
    private var seen: [Int] = []
    /// Every violation found so far, in the order found.
    public private(set) var violations: [Violation] = []
    /// False when the value given to ``init(_:path:)`` was not an object (a `type` violation is recorded).
    public let isObject: Bool

    /// Starts reading `value` at `path`; records a violation when it is not an object.
    public init(_ value: JSON?, path: String) {
        self.path = path
        if case .object(let members)? = value {
            self.members = members
            self.isObject = true
            seen.reserveCapacity(members.count)
        } else {
            self.members = JSON.Members()
            self.isObject = false
            violations.append(
                Violation(path: path, code: .type, message: "must be an object, found \(value?.typeName ?? "nothing")"))
        }
    }

    /// The JSON path of a member of this object.
    public func at(_ key: String) -> String { path + "." + key }

    /// Records a violation at a member of this object.
    public mutating func fail(_ key: String, _ code: Violation.Code, _ message: String) {
        violations.append(Violation(path: at(key), code: code, message: message))
    }

    /// Records violations found elsewhere (a nested reader, a payload decoder).
    public mutating func append(_ other: [Violation]) { violations.append(contentsOf: other) }

    /// The raw member, marking it as known.
    public mutating func raw(_ key: String) -> JSON? {
        guard let index = members.index(forKey: key) else { return nil }
        if !seen.contains(index) { seen.append(index) }
        return members[index].value
    }

    /// The member, or nil with a `required` violation when it is required and absent.
    private mutating func member(_ key: String, required: Bool) -> JSON? {
        guard let value = raw(key) else {
            if required { fail(key, .required, "is required") }
            return nil
        }
        return value
    }

    // MARK: - Strings

    /// A string member (`type: string`, `minLength`, `maxLength`, `pattern`).
    ///
    /// - Parameters:
    ///   - required: record a violation when absent.
    ///   - minLength: shortest accepted, in characters (Unicode scalars, as JSON Schema counts them).
    ///   - maxLength: longest accepted, in characters.
    ///   - pattern: a check and the pattern text shown when it fails.
    /// - Returns: the text, or nil when absent or when it breaks any keyword.
    public mutating func string(
        _ key: String,
        required: Bool = true,
        minLength: Int = 1,
        maxLength: Int = 500,
        pattern: Pattern? = nil
    ) -> String? {
        guard let value = member(key, required: required) else { return nil }
        let base = path  // the path is built only for a violation
        return check(value, at: base + "." + key, minLength: minLength, maxLength: maxLength, pattern: pattern)
    }

    private mutating func check(
        _ value: JSON, at path: @autoclosure () -> String, minLength: Int, maxLength: Int, pattern: Pattern?
    ) -> String? {
        guard case .string(let text) = value else {
            violations.append(Violation(path: path(), code: .type, message: "must be a string, found \(value.typeName)"))
            return nil
        }
        var ok = true
        let length = Self.scalarCount(text)
        if length < minLength {
            violations.append(
                Violation(
                    path: path(), code: .minLength,
                    message: minLength == 1
                        ? "must not be empty" : "must have at least \(minLength) characters, found \(length)"))
            ok = false
        }
        if length > maxLength {
            violations.append(
                Violation(
                    path: path(), code: .maxLength, message: "must have at most \(maxLength) characters, found \(length)")
            )
            ok = false
        }
        if let pattern, !pattern.check(text) {
            violations.append(
                Violation(
                    path: path(), code: .pattern, message: "must match \(pattern.text), found \"\(text.prefix(60))\""))
            ok = false
        }
        return ok ? text : nil
    }

    /// A member that must be exactly `expected` (`const`).
    public mutating func constant(_ key: String, _ expected: String, required: Bool = true) -> String? {
        guard let value = member(key, required: required) else { return nil }
        guard value == .string(expected) else {
            fail(key, .constant, "must be \"\(expected)\", found \(Self.show(value))")
            return nil
        }
        return expected
    }

    /// A member whose value must be one of an enumeration's raw values (`enum`).
    public mutating func enumeration<E: RawRepresentable & CaseIterable>(
        _ key: String, _ type: E.Type, required: Bool = true
    ) -> E?
    where E.RawValue == String {
        guard let value = member(key, required: required) else { return nil }
        let base = path
        return member(of: type, value, at: base + "." + key)
    }

    private mutating func member<E: RawRepresentable & CaseIterable>(
        of type: E.Type, _ value: JSON, at path: @autoclosure () -> String
    ) -> E?
    where E.RawValue == String {
        guard case .string(let text) = value, let member = E(rawValue: text) else {
            violations.append(
                Violation(
                    path: path(), code: .enumeration,
                    message:
                        "must be one of \(E.allCases.map { $0.rawValue }.joined(separator: ", ")), found \(Self.show(value))"
                ))
            return nil
        }
        return member
    }

    // MARK: - Arrays

    /// An array of distinct enumeration values (`type: array`, `minItems`, `uniqueItems`, `items.enum`).
    public mutating func enumerationSet<E: RawRepresentable & CaseIterable & Hashable>(
        _ key: String, _ type: E.Type, required: Bool = true, minItems: Int = 1
    ) -> [E]? where E.RawValue == String {
        guard let elements = array(key, required: required, minItems: minItems, maxItems: nil, unique: true) else {
            return nil
        }
        var result: [E] = []
        var ok = true
        let base = path
        for (index, element) in elements.values.enumerated() {
            if let member = member(of: type, element, at: "\(base).\(key)[\(index)]") {
                result.append(member)
            } else {
                ok = false
            }
        }
        return ok && elements.ok ? result : nil
    }

    /// An array of strings (`type: array`, `minItems`, `maxItems`, `uniqueItems`, and the string keywords on
    /// each item).
    public mutating func strings(
        _ key: String, required: Bool = true, minItems: Int = 0, maxItems: Int? = nil, unique: Bool = false,
        maxLength: Int = 500, pattern: Pattern? = nil
    ) -> [String]? {
        guard let elements = array(key, required: required, minItems: minItems, maxItems: maxItems, unique: unique)
        else { return nil }
        var result: [String] = []
        var ok = elements.ok
        let base = path
        for (index, element) in elements.values.enumerated() {
            if let text = check(
                element, at: "\(base).\(key)[\(index)]", minLength: 1, maxLength: maxLength, pattern: pattern)
            {
                result.append(text)
            } else {
                ok = false
            }
        }
        return ok ? result : nil
    }

    /// The elements of an array member, with the array-level keywords checked; `ok` is false when one broke.
    private mutating func array(
        _ key: String, required: Bool, minItems: Int, maxItems: Int?, unique: Bool
    ) -> (values: [JSON], ok: Bool)? {
        guard let value = member(key, required: required) else { return nil }
        guard case .array(let elements) = value else {
            fail(key, .type, "must be an array, found \(value.typeName)")
            return nil
        }
        var ok = true
        if elements.count < minItems {
            fail(
                key, .minItems,
                "must list at least \(minItems) item\(minItems == 1 ? "" : "s"), found \(elements.count)")
            ok = false
        }
        if let maxItems, elements.count > maxItems {
            fail(key, .maxItems, "must list at most \(maxItems) items, found \(elements.count)")
            ok = false
        }
        if unique, !Self.distinct(elements) {
            fail(key, .uniqueItems, "must not list the same item twice")
            ok = false
        }
        return (elements, ok)
    }

    // MARK: - Numbers and booleans

    /// An integer member (`type: integer`, `minimum`, `maximum`). As in JSON Schema, a number with a zero
    /// fraction (`2.0`) is an integer.
    public mutating func integer(_ key: String, required: Bool = true, minimum: Int? = nil, maximum: Int? = nil) -> Int?
    {
        guard let value = member(key, required: required) else { return nil }
        guard case .number(let text) = value, let number = Double(text) else {
            fail(key, .type, "must be an integer, found \(value.typeName)")
            return nil
        }
        var ok = true
        let exact = Int(text) ?? (number.rounded() == number && abs(number) < 9e15 ? Int(number) : nil)
        if exact == nil {
            fail(key, .type, "must be an integer, found \(text.prefix(40))")
            ok = false
        }
        if let minimum, number < Double(minimum) {
            fail(key, .minimum, "must be at least \(minimum), found \(text.prefix(40))")
            ok = false
        }
        if let maximum, number > Double(maximum) {
            fail(key, .maximum, "must be at most \(maximum), found \(text.prefix(40))")
            ok = false
        }
        return ok ? exact : nil
    }

    /// A boolean member (`type: boolean`).
    public mutating func boolean(_ key: String, required: Bool = true) -> Bool? {
        guard let value = member(key, required: required) else { return nil }
        guard case .bool(let flag) = value else {
            fail(key, .type, "must be true or false, found \(value.typeName)")
            return nil
        }
        return flag
    }

    // MARK: - Dates and times

    /// An RFC 3339 date-time member (`type: string`, `format: date-time`).
    public mutating func timestamp(_ key: String, required: Bool = true) -> Timestamp? {
        guard let text = formatted(key, required: required) else { return nil }
        guard let stamp = Timestamp(rfc3339: text) else {
            fail(
                key, .format,
                "must be an RFC 3339 date-time with a time zone, such as 2026-03-01T09:30:00Z, in the years 0001 to 9999 (UTC), found \"\(text.prefix(60))\""
            )
            return nil
        }
        return stamp
    }

    /// A calendar-day member (`type: string`, `format: date`), such as `2026-03-01`.
    public mutating func day(_ key: String, required: Bool = true) -> CalendarDay? {
        guard let text = formatted(key, required: required) else { return nil }
        guard let day = CalendarDay(iso: text) else {
            fail(key, .format, "must be a date such as 2026-03-01, in the years 0001 to 9999, found \"\(text.prefix(60))\"")
            return nil
        }
        return day
    }

    /// A bound of a validity period: a day or a date-time (`type: string`, `anyOf` the two formats).
    public mutating func bound(_ key: String, required: Bool = true) -> ValidityBound? {
        guard let text = formatted(key, required: required) else { return nil }
        guard let bound = ValidityBound(text: text) else {
            fail(
                key, .anyOf,
                "must be a date (2026-03-01) or an RFC 3339 date-time (2026-03-01T09:30:00Z), in the years 0001 to 9999, found \"\(text.prefix(60))\""
            )
            return nil
        }
        return bound
    }

    private mutating func formatted(_ key: String, required: Bool) -> String? {
        guard let value = member(key, required: required) else { return nil }
        guard case .string(let text) = value else {
            fail(key, .type, "must be a string, found \(value.typeName)")
            return nil
        }
        return text
    }

    // MARK: - Objects

    /// A nested object member read by its own type, with its unknown members rejected.
    public mutating func object<T: MessageData>(_ key: String, _ type: T.Type, required: Bool = true) -> T? {
        guard let value = member(key, required: required) else { return nil }
        switch T.decode(value, path: at(key)) {
        case .success(let decoded): return decoded
        case .failure(let failure):
            violations.append(contentsOf: failure.violations)
            return nil
        }
    }

    /// Records a violation for every member that no reader asked for.
    public mutating func rejectUnknownMembers() {
        guard seen.count < members.count else { return }
        let unknown = members.indices.filter { !seen.contains($0) }.map { members[$0].key }
        for key in unknown.sorted() {
            fail(key, .additionalProperties, "is not a known member; remove it or check its spelling")
        }
    }

    /// Whether no element is listed twice: short lists (nearly all) compared pairwise, longer ones hashed.
    private static func distinct(_ elements: [JSON]) -> Bool {
        guard elements.count <= 8 else { return Set(elements).count == elements.count }
        for index in elements.indices.dropFirst() where elements[..<index].contains(elements[index]) {
            return false
        }
        return true
    }

    /// `text.unicodeScalars.count`, counted over the UTF-8 bytes (every byte but a continuation byte starts a
    /// scalar) when the string is contiguous, as native strings are.
    private static func scalarCount(_ text: String) -> Int {
        text.utf8.withContiguousStorageIfAvailable { bytes in
            var count = 0
            for byte in bytes where byte & 0xC0 != 0x80 { count += 1 }
            return count
        } ?? text.unicodeScalars.count
    }

    private static func show(_ value: JSON) -> String {
        if case .string(let text) = value { return "\"\(text.prefix(60))\"" }
        return value.typeName
    }
}
