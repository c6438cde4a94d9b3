public import SuiviDomain

/// What `suivi rebuild` is asked to do.
public struct RebuildOptions: Sendable {
    public enum Source: String, Sendable, CaseIterable {
        /// The event store, in position order (the default: the system of record).
        case store
        /// The events topic, every partition from its start.
        case topic
    }

    public var source: Source = .store
    /// Compare the finished shadow with the live read models instead of swapping it in.
    public var verify = false
    /// Continue the shadow left by a cancelled or failed rebuild instead of starting afresh.
    public var resume = false
    /// Store source: replay only events after this position.
    public var fromPosition: Int64?
    /// Store source: replay only events recorded after this time.
    public var fromTime: Timestamp?
    /// Keep the replaced live schema under a retired name after the swap.
    public var keepRetired = false
    /// Events per transaction.
    public var chunkSize = 10_000

    public init() {}
}

/// A rebuild's progress, reported after each chunk.
public struct RebuildProgress: Sendable {
    public var phase: String
    public var done: Int64
    /// Best estimate of the total (0 when unknown).
    public var total: Int64
    public var elapsedSeconds: Double

    public init(phase: String, done: Int64, total: Int64, elapsedSeconds: Double) {
        self.phase = phase
        self.done = done
        self.total = total
        self.elapsedSeconds = elapsedSeconds
    }

    public var rate: Double { elapsedSeconds > 0 ? Double(done) / elapsedSeconds : 0 }
    public var remainingSeconds: Double? {
        guard total > done, rate > 0 else { return nil }
        return Double(total - done) / rate
    }
}

/// What a rebuild did.
public struct RebuildReport: Sendable {
    public var source: RebuildOptions.Source
    public var events: Int64
    public var seconds: Double
    public var swapped: Bool
    public var retiredSchema: String?
    public var tablesCompared: Int
    public var differences: [(table: String, liveRows: Int64, shadowRows: Int64, keys: [String])]
    public var cancelled: Bool

    public var json: JSON {
        [
            "source": .string(source.rawValue),
            "events": .number(String(events)),
            "seconds": .number(String(Double(Int(seconds * 1000)) / 1000)),
            "eventsPerSecond": .number(String(seconds > 0 ? Int(Double(events) / seconds) : 0)),
            "swapped": .bool(swapped),
            "retiredSchema": retiredSchema.map { .string($0) } ?? .null,
            "cancelled": .bool(cancelled),
            "tablesCompared": .int(tablesCompared),
            "differences": .array(differences.map { difference in
                [
                    "table": .string(difference.table), "liveRows": .number(String(difference.liveRows)),
                    "shadowRows": .number(String(difference.shadowRows)), "keys": .array(difference.keys.map { .string($0) }),
                ]
            }),
        ]
    }
}
