import SuiviApp
/// When the decider signs a checkpoint, as a plain value (tested without a database): once `maxEvents`
/// events it committed are uncovered, once the oldest of them has waited `maxSeconds`, at start (what an
/// earlier run left), and again one second after a pass that did not finish (another signer held the lock,
/// the database or the broker failed).
public struct CheckpointSchedule: Sendable {
    public let maxEvents: Int
    public let maxWait: Duration
    /// Events committed since the last pass that finished.
    public private(set) var uncovered = 0
    /// When the first of them was committed.
    public private(set) var oldest: ContinuousClock.Instant?
    /// When to try again after a pass that did not finish; `nil` when none is owed.
    public private(set) var retryAt: ContinuousClock.Instant?
    private var started = false

    public static let retryDelay = Duration.seconds(1)

    public init(maxEvents: Int, maxSeconds: Int) {
        self.maxEvents = maxEvents
        maxWait = .seconds(maxSeconds)
    }

    /// Notes a committed batch's events.
    public mutating func committed(_ events: Int, at now: ContinuousClock.Instant) {
        guard events > 0 else { return }
        if uncovered == 0 { oldest = now }
        uncovered += events
    }

    /// Whether a signing pass is due now.
    public func isDue(at now: ContinuousClock.Instant) -> Bool {
        if !started { return true }
        // After a pass that did not finish, the next waits for its retry time whatever else is owed.
        if let retryAt { return now >= retryAt }
        if uncovered >= maxEvents { return true }
        if let oldest, now - oldest >= maxWait { return true }
        return false
    }

    /// Notes a pass: `finished` when it signed everything committed before it began and published it.
    public mutating func passed(finished: Bool, at now: ContinuousClock.Instant) {
        started = true
        if finished {
            uncovered = 0
            oldest = nil
            retryAt = nil
        } else {
            retryAt = now + Self.retryDelay
        }
    }
}
