internal import CLibPQ

/// The rows of one statement. Values are read lazily from libpq's result, which this object owns.
public final class PostgresResult {
    private let handle: OpaquePointer

    init(handle: OpaquePointer) {
        self.handle = handle
    }

    deinit { PQclear(handle) }

    /// Number of rows returned.
    public var count: Int { Int(PQntuples(handle)) }

    /// Rows changed by INSERT, UPDATE, DELETE or COPY (0 for others).
    public var affectedRows: Int {
        Int(String(cString: PQcmdTuples(handle))) ?? 0
    }

    /// Column names in order.
    public var columns: [String] {
        (0..<Int(PQnfields(handle))).map { String(cString: PQfname(handle, Int32($0))) }
    }

    /// The index of a named column, or nil.
    public func column(named name: String) -> Int? {
        let index = Int(name.withCString { PQfnumber(handle, $0) })
        return index < 0 ? nil : index
    }

    /// The row at `index`.
    public subscript(index: Int) -> PostgresRow { PostgresRow(result: self, index: index) }

    /// All rows, in order.
    public var rows: [PostgresRow] { (0..<count).map { self[$0] } }

    func isNull(_ row: Int, _ column: Int) -> Bool {
        PQgetisnull(handle, Int32(row), Int32(column)) == 1
    }

    func text(_ row: Int, _ column: Int) -> String? {
        if isNull(row, column) { return nil }
        return String(cString: PQgetvalue(handle, Int32(row), Int32(column)))
    }

    func bytes(_ row: Int, _ column: Int) -> UnsafeBufferPointer<UInt8>? {
        if isNull(row, column) { return nil }
        let length = Int(PQgetlength(handle, Int32(row), Int32(column)))
        guard let value = PQgetvalue(handle, Int32(row), Int32(column)) else { return nil }
        return UnsafeBufferPointer(start: UnsafeRawPointer(value).assumingMemoryBound(to: UInt8.self), count: length)
    }
}
