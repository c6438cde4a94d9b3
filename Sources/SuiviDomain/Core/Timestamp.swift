/// An instant in UTC with microsecond precision, read from and written as RFC 3339 text
/// (`2026-03-01T09:30:00Z`, `2026-03-01T09:30:00.250+01:00`).
///
/// Pure arithmetic, no Foundation: parsing and formatting timestamps is on the hot path.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Microseconds since 1970-01-01T00:00:00Z.
    public var microseconds: Int64

    public init(microseconds: Int64) { self.microseconds = microseconds }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.microseconds < rhs.microseconds }

    public var description: String { rfc3339 }

    /// Parses RFC 3339 date-time text; nil when it is not one (a time zone is required).
    public init?(rfc3339 text: String) {
        // Read where the string keeps its bytes (native strings are contiguous UTF-8), without a copy.
        var text = text
        guard let microseconds = text.withUTF8({ Self.microseconds(rfc3339: $0) }) else { return nil }
        self.microseconds = microseconds
    }

    /// The digits of `bytes[from..<from + count]` as a number, or nil when one is not a digit.
    static func digits(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ count: Int) -> Int? {
        guard from + count <= bytes.count else { return nil }
        var value = 0
        for index in from..<(from + count) {
            let byte = bytes[index]
            guard byte >= 48 && byte <= 57 else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        return value
    }

    /// The days since the epoch of `YYYY-MM-DD` at the start of `bytes`, or nil when it is not a real day.
    static func civilDay(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard bytes.count >= 10, let year = digits(bytes, 0, 4), bytes[4] == UInt8(ascii: "-"),
            let month = digits(bytes, 5, 2), bytes[7] == UInt8(ascii: "-"), let day = digits(bytes, 8, 2),
            (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year)
        else { return nil }
        return Self.daysFromCivil(year: year, month: month, day: day)
    }

    private static func microseconds(rfc3339 bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard bytes.count >= 20 else { return nil }
        func digits(_ from: Int, _ count: Int) -> Int? { Self.digits(bytes, from, count) }
        guard let days = civilDay(bytes),
            bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t"),
            let hour = digits(11, 2), bytes[13] == UInt8(ascii: ":"), let minute = digits(14, 2),
            bytes[16] == UInt8(ascii: ":"), let second = digits(17, 2)
        else { return nil }
        guard hour < 24, minute < 60, second < 61 else { return nil }
        var index = 19
        var micros = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 100_000
            let start = index
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                micros += Int(bytes[index] - 48) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        guard index < bytes.count else { return nil }
        var offsetMinutes = 0
        switch bytes[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            index += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
            guard let hours = digits(index + 1, 2), index + 3 < bytes.count, bytes[index + 3] == UInt8(ascii: ":"),
                let minutes = digits(index + 4, 2), hours < 24, minutes < 60
            else { return nil }
            offsetMinutes = sign * (hours * 60 + minutes)
            index += 6
        default:
            return nil
        }
        guard index == bytes.count else { return nil }
        let seconds =
            Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + min(second, 59)) - Int64(offsetMinutes * 60)
        let microseconds = seconds * 1_000_000 + Int64(micros)
        guard Self.representable.contains(microseconds) else { return nil }
        return microseconds
    }

    /// The instants Suivi accepts: years 0001 to 9999 in UTC, the years RFC 3339 text can hold and that
    /// PostgreSQL takes back as text. Year 0000 is valid RFC 3339 but not a year PostgreSQL's text input
    /// knows, and an offset can carry 0001-01-01 or 9999-12-31 out of the range in UTC: a command holding such
    /// a time would be stored by the decider (binary timestamps pass) and then stop the projector, which
    /// writes times as text. So the decoder refuses them (a `format` violation), as a validator of the
    /// schemas' `date-time` would accept but no store could keep.
    public static let representable: ClosedRange<Int64> = -62_135_596_800_000_000...253_402_300_799_999_999

    /// RFC 3339 text in UTC; fractions only when there are any.
    public var rfc3339: String {
        var out: [UInt8] = []
        out.reserveCapacity(27)
        writeRFC3339(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends ``rfc3339`` to `out` as UTF-8, without building a string (events and fingerprints write
    /// several timestamps each).
    public func writeRFC3339(into out: inout [UInt8]) {
        var seconds = microseconds / 1_000_000
        var micros = microseconds % 1_000_000
        if micros < 0 { micros += 1_000_000; seconds -= 1 }
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 { secondOfDay += 86_400; days -= 1 }
        let (year, month, day) = Self.civilFromDays(Int(days))
        guard (0...9999).contains(year) else {
            out.append(contentsOf: slowRFC3339.utf8)
            return
        }
        func digits(_ value: Int, _ width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                out.append(UInt8(truncatingIfNeeded: 48 + rest / divisor))
                rest %= divisor
                divisor /= 10
            }
        }
        digits(year, 4)
        out.append(UInt8(ascii: "-"))
        digits(month, 2)
        out.append(UInt8(ascii: "-"))
        digits(day, 2)
        out.append(UInt8(ascii: "T"))
        digits(Int(secondOfDay / 3600), 2)
        out.append(UInt8(ascii: ":"))
        digits(Int(secondOfDay % 3600 / 60), 2)
        out.append(UInt8(ascii: ":"))
        digits(Int(secondOfDay % 60), 2)
        if micros != 0 {
            var fraction = Int(micros)
            var width = 6
            while fraction % 10 == 0 {
                fraction /= 10
                width -= 1
            }
            out.append(UInt8(ascii: "."))
            digits(fraction, width)
        }
        out.append(UInt8(ascii: "Z"))
    }

    /// The text for years outside 0...9999, which no RFC 3339 text can give (kept as it always was written).
    private var slowRFC3339: String {
        var seconds = microseconds / 1_000_000
        var micros = microseconds % 1_000_000
        if micros < 0 { micros += 1_000_000; seconds -= 1 }
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 { secondOfDay += 86_400; days -= 1 }
        let (year, month, day) = Self.civilFromDays(Int(days))
        var text = Self.pad(year, 4) + "-" + Self.pad(month, 2) + "-" + Self.pad(day, 2) + "T"
        text += Self.pad(Int(secondOfDay / 3600), 2) + ":" + Self.pad(Int(secondOfDay % 3600 / 60), 2) + ":"
        text += Self.pad(Int(secondOfDay % 60), 2)
        if micros != 0 {
            var fraction = Self.pad(Int(micros), 6)
            while fraction.hasSuffix("0") { fraction.removeLast() }
            text += "." + fraction
        }
        return text + "Z"
    }

    /// The calendar day (UTC) of this instant, as `YYYY-MM-DD`.
    public var day: CalendarDay {
        var days = microseconds / 86_400_000_000
        if microseconds % 86_400_000_000 < 0 { days -= 1 }
        return CalendarDay(daysSinceEpoch: Int(days))
    }

    public func adding(microseconds delta: Int64) -> Timestamp { Timestamp(microseconds: microseconds + delta) }

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's days_from_civil / civil_from_days.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

/// A calendar day without time (`YYYY-MM-DD`), for validity periods given in days.
public struct CalendarDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var daysSinceEpoch: Int

    public init(daysSinceEpoch: Int) { self.daysSinceEpoch = daysSinceEpoch }

    /// Parses `YYYY-MM-DD`, a real day of the years 0001 to 9999.
    public init?(iso text: String) {
        var text = text
        guard let days = text.withUTF8({ $0.count == 10 ? Timestamp.civilDay($0) : nil }) else { return nil }
        // Its midnight must be an instant Suivi accepts (year 0000 is not).
        guard Timestamp.representable.contains(Int64(days) * 86_400_000_000) else { return nil }
        self.daysSinceEpoch = days
    }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool { lhs.daysSinceEpoch < rhs.daysSinceEpoch }

    /// Midnight UTC at the start of this day.
    public var start: Timestamp { Timestamp(microseconds: Int64(daysSinceEpoch) * 86_400_000_000) }

    /// The last microsecond of this day (UTC).
    public var end: Timestamp { Timestamp(microseconds: Int64(daysSinceEpoch + 1) * 86_400_000_000 - 1) }

    public var description: String {
        let (year, month, day) = Timestamp.civilFromDays(daysSinceEpoch)
        guard (0...9999).contains(year) else {
            return Timestamp.pad(year, 4) + "-" + Timestamp.pad(month, 2) + "-" + Timestamp.pad(day, 2)
        }
        return String(unsafeUninitializedCapacity: 10) { Self.write(year, month, day, into: $0) }
    }

    /// Appends ``description`` to `out` as UTF-8, without building a string (an activity writes two days).
    public func writeISO(into out: inout [UInt8]) {
        let (year, month, day) = Timestamp.civilFromDays(daysSinceEpoch)
        guard (0...9999).contains(year) else {
            out.append(contentsOf: description.utf8)
            return
        }
        var text: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &text) { raw in
            let buffer = raw.bindMemory(to: UInt8.self)
            let count = Self.write(year, month, day, into: buffer)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<count]))
        }
    }

    /// Writes `YYYY-MM-DD` of a year 0...9999 into the first ten bytes of `buffer`; returns ten.
    private static func write(
        _ year: Int, _ month: Int, _ day: Int, into buffer: UnsafeMutableBufferPointer<UInt8>
    ) -> Int {
        func put(_ value: Int, at offset: Int, width: Int) {
            var rest = value
            for position in stride(from: offset + width - 1, through: offset, by: -1) {
                buffer[position] = UInt8(truncatingIfNeeded: 48 + rest % 10)
                rest /= 10
            }
        }
        put(year, at: 0, width: 4)
        buffer[4] = UInt8(ascii: "-")
        put(month, at: 5, width: 2)
        buffer[7] = UInt8(ascii: "-")
        put(day, at: 8, width: 2)
        return 10
    }
}
