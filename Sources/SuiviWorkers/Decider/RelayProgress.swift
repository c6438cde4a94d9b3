import SuiviKafka
import SuiviStore

/// How far the decider's relay has published: the publications whose delivery reports are still
/// awaited, oldest first, and the positions the broker acknowledged since the relay cursors were last
/// written.
///
/// A cursor only ever advances to what the broker acknowledged. When a publication fails, its
/// partitions are handed to the relay's catch-up and stay tainted until that catch-up has republished
/// them from the store: a later publication's acknowledgement must not move a cursor past events the
/// failed one did not deliver.
struct RelayProgress<Delivery: DeliveryStatus> {
    /// One batch's messages on their way to the broker, with the positions they carry per partition.
    struct Publication {
        var delivery: Delivery
        var events: [Int32: Int64]
        var outcomes: [Int32: Int64]
        /// Every partition the batch touched (its events, outcomes and dead letters).
        var partitions: Set<Int32>
    }

    private(set) var pending: [Publication] = []
    /// Acknowledged positions not yet written to the relay cursors.
    private(set) var acknowledged: [RelayFeed: [Int32: Int64]] = [.events: [:], .outcomes: [:]]
    private var tainted: Set<Int32> = []

    /// The delivery of the oldest publication still awaited.
    var oldestPending: Delivery? { pending.first?.delivery }

    mutating func published(_ publication: Publication) {
        pending.append(publication)
    }

    /// Takes in the publications whose reports are all in, oldest first, up to the first still awaited.
    /// - Returns: The partitions of the failed ones, which the relay must catch up from the store.
    mutating func collect() -> Set<Int32> {
        var failed: Set<Int32> = []
        while let first = pending.first, let succeeded = first.delivery.succeeded {
            pending.removeFirst()
            if succeeded {
                advance(.events, to: first.events)
                advance(.outcomes, to: first.outcomes)
            } else {
                failed.formUnion(first.partitions)
                // At once: a later publication collected in this same call must not move these cursors.
                tainted.formUnion(first.partitions)
            }
        }
        return failed
    }

    /// A publication that could not even be handed to the producer: its partitions need the catch-up.
    mutating func failed(_ partitions: some Sequence<Int32>) {
        tainted.formUnion(partitions)
    }

    /// The catch-up has republished this partition's store up to its end.
    mutating func caughtUp(_ partition: Int32) {
        tainted.remove(partition)
    }

    /// These acknowledged positions were written with a transaction that committed: each is dropped unless
    /// the broker acknowledged further since it was read (publications are collected on the publisher's
    /// thread too, while the transaction runs).
    mutating func written(_ positions: [RelayFeed: [Int32: Int64]]) {
        for (feed, written) in positions {
            for (partition, position) in written where acknowledged[feed]?[partition] == position {
                acknowledged[feed]?[partition] = nil
            }
        }
    }

    private mutating func advance(_ feed: RelayFeed, to positions: [Int32: Int64]) {
        for (partition, position) in positions where !tainted.contains(partition) {
            acknowledged[feed, default: [:]][partition] = max(acknowledged[feed]?[partition] ?? 0, position)
        }
    }
}

/// What the relay needs to know of a publication on its way: whether the broker has answered yet, and how.
protocol DeliveryStatus: Sendable {
    /// True when every message was acknowledged, false when one was refused, nil while reports are awaited.
    var succeeded: Bool? { get }
    /// Suspends until every message has its report.
    func wait() async
}

extension PendingDelivery: DeliveryStatus {
    var succeeded: Bool? {
        switch outcome {
        case nil: nil
        case .success?: true
        case .failure?: false
        }
    }
}
