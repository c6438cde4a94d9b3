/// A one-dimensional array parameter in PostgreSQL's binary format, for the `unnest` batch statements
/// whose arrays carry thousands of elements: the server reads each element's length instead of parsing a
/// `{"a","b"}` literal (`array_in` was 15% of the decider's backend), and integers, byte strings and
/// timestamps arrive as their binary values (no digits, hex or RFC 3339 to parse on either side).
///
/// The element type travels in the value and must be the one the statement's cast names:
/// `\(.array(.text(ids)))::text[]`, `\(.array(.int4(versions)))::int[]`, `::bigint[]`, `::bytea[]`,
/// `::json[]`, `::timestamptz[]`. A type read from text on the server (`uuid`, say) is sent as text and
/// cast there (`::text[]::uuid[]`), so that an invalid value is refused by the server as before.
public struct PostgresArray: Sendable, Hashable {
    /// The whole value as sent: header, then each element's length and bytes.
    let wire: [UInt8]

    private init(elementType: UInt32, count: Int, hasNull: Bool, capacity: Int, _ body: (inout [UInt8]) -> Void) {
        var out: [UInt8] = []
        out.reserveCapacity(20 + capacity)
        if count == 0 {
            // No dimensions: the empty array.
            Self.append(UInt32(0), to: &out)
            Self.append(UInt32(0), to: &out)
            Self.append(elementType, to: &out)
        } else {
            Self.append(UInt32(1), to: &out)  // dimensions
            Self.append(UInt32(hasNull ? 1 : 0), to: &out)
            Self.append(elementType, to: &out)
            Self.append(UInt32(count), to: &out)  // elements in the dimension
            Self.append(UInt32(1), to: &out)  // its lower bound
            body(&out)
        }
        wire = out
    }

    private init<Element>(
        elementType: UInt32, _ elements: [Element?], bytesPerElement: Int, _ append: (inout [UInt8], Element) -> Void
    ) {
        self.init(
            elementType: elementType, count: elements.count, hasNull: elements.contains { $0 == nil },
            capacity: elements.count * (4 + bytesPerElement)
        ) { out in
            for element in elements {
                guard let element else {
                    Self.append(UInt32(bitPattern: -1), to: &out)  // SQL NULL
                    continue
                }
                let lengthAt = out.count
                Self.append(UInt32(0), to: &out)
                append(&out, element)
                Self.write(UInt32(out.count - lengthAt - 4), at: lengthAt, in: &out)
            }
        }
    }

    /// `text` elements (oid 25).
    public static func text(_ values: [String?]) -> PostgresArray {
        PostgresArray(elementType: 25, values, bytesPerElement: 24) { out, value in out.append(contentsOf: value.utf8) }
    }

    /// `json` elements (oid 114) given as their UTF-8 text's bytes (the canonical JSON Suivi writes), copied
    /// once into the value; the server checks each as it does a literal.
    public static func json(bytes values: [[UInt8]?]) -> PostgresArray {
        PostgresArray(elementType: 114, values, bytesPerElement: 256) { out, value in out.append(contentsOf: value) }
    }

    /// `integer` elements (oid 23).
    public static func int4(_ values: [Int32?]) -> PostgresArray {
        PostgresArray(elementType: 23, values, bytesPerElement: 4) { out, value in append(UInt32(bitPattern: value), to: &out) }
    }

    /// `bigint` elements (oid 20).
    public static func int8(_ values: [Int64?]) -> PostgresArray {
        PostgresArray(elementType: 20, values, bytesPerElement: 8) { out, value in append(UInt64(bitPattern: value), to: &out) }
    }

    /// `bytea` elements (oid 17).
    public static func bytea(_ values: [[UInt8]?]) -> PostgresArray {
        PostgresArray(elementType: 17, values, bytesPerElement: 32) { out, value in out.append(contentsOf: value) }
    }

    /// `timestamptz` elements (oid 1184) from microseconds since 1970-01-01 UTC.
    public static func timestamptz(microsecondsSinceUnixEpoch values: [Int64?]) -> PostgresArray {
        PostgresArray(elementType: 1184, values, bytesPerElement: 8) { out, value in
            append(UInt64(bitPattern: value - postgresEpochOffset), to: &out)
        }
    }

    /// PostgreSQL counts time from 2000-01-01 UTC: that instant in microseconds since 1970-01-01.
    static let postgresEpochOffset: Int64 = 946_684_800 * 1_000_000

    private static func append<Integer: FixedWidthInteger>(_ value: Integer, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { out.append(contentsOf: $0) }
    }

    private static func write(_ value: UInt32, at index: Int, in out: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { bytes in
            for offset in 0..<4 { out[index + offset] = bytes[offset] }
        }
    }
}
