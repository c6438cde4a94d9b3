import SuiviStore

/// Whether a batch may be decided ahead, on the loop thread, while the batch before it commits, and
/// whether a decision made ahead still holds when its batch is committed.
///
/// A batch decided ahead reads the heads the batch before it will leave (``overlay``, its decisions made
/// ahead too) over the heads committed (the cache). That holds only if the batch before commits exactly
/// what was decided ahead for it. Anything else (a commit that failed, a batch decided again in its
/// transaction because the store knew more, one committed a message at a time, a rebalance) moves the
/// ``generation`` on, and every decision made in an older generation is made again.
///
/// What the store alone knows is checked inside the transaction, where it costs no extra statement:
/// none of the batch's command ids has an outcome yet, and none of the streams the decision assumed
/// empty has an event.
struct DecidingAhead: Sendable, Equatable {
    /// Moves on whenever a decision made ahead may no longer hold.
    private(set) var generation = 0
    /// The heads left by the batch last handed over, if it was decided ahead; nil when it was not, so that
    /// nothing can be decided ahead of it.
    private(set) var overlay: [String: StreamHead]? = [:]

    /// What a batch decided while another may be committing builds on, or nil when it cannot be decided
    /// ahead (the batch in flight was decided in its own transaction).
    func base(previousCommitted: Bool) -> (generation: Int, overlay: [String: StreamHead])? {
        if previousCommitted { return (generation, [:]) }
        return overlay.map { (generation, $0) }
    }

    /// True when a decision made in `generation` still holds.
    func holds(_ generation: Int) -> Bool { generation == self.generation }

    /// A batch is handed over to commit: `heads` are those its decisions made ahead leave, or nil when it
    /// will be decided in its transaction.
    mutating func handedOver(heads: [String: StreamHead]?) {
        overlay = heads
    }

    /// Something other than a batch's decisions made ahead was committed, or nothing was: every decision
    /// made ahead of it is made again.
    mutating func invalidate() {
        generation &+= 1
        overlay = nil
    }
}
