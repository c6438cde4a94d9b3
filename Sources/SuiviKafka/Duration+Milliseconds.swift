extension Duration {
    /// Whole milliseconds, rounded down.
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000 + attoseconds / 1_000_000_000_000_000
    }

    /// Milliseconds as librdkafka's `int timeout_ms`, clamped to what an `Int32` holds and to >= 0.
    var clampedMilliseconds: Int32 {
        Int32(clamping: Swift.max(0, milliseconds))
    }
}
