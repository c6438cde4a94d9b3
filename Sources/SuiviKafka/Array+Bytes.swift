extension Array where Element == UInt8 {
    /// Calls `body` with a pointer that is never null, even for an empty array: librdkafka reads a
    /// null pointer as "no key" or "null value", which is not the same as empty.
    func withNonNullBytes<R>(_ body: (UnsafeRawPointer, Int) -> R) -> R {
        withUnsafeBytes { bytes in
            if let base = bytes.baseAddress {
                return body(base, bytes.count)
            }
            var empty: UInt8 = 0
            return Swift.withUnsafeBytes(of: &empty) { body($0.baseAddress!, 0) }
        }
    }

    /// Copies `count` bytes from a C buffer; an empty array for a null pointer.
    init(bytes: UnsafeRawPointer?, count: Int) {
        guard let bytes, count > 0 else {
            self = []
            return
        }
        self = Array(UnsafeRawBufferPointer(start: bytes, count: count))
    }
}

/// `withNonNullBytes` for an optional array; `body` gets `nil` when `bytes` is `nil`.
func withOptionalBytes<R>(_ bytes: [UInt8]?, _ body: (UnsafeRawPointer?, Int) -> R) -> R {
    guard let bytes else { return body(nil, 0) }
    return bytes.withNonNullBytes { body($0, $1) }
}
