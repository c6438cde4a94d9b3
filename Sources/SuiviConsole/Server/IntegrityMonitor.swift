internal import SuiviDomain
internal import SuiviStore

/// The whole store's chain check, run on its own connection (so that pages never wait for it) when the
/// console starts, again every `interval`, and when an auditor asks; the Integrity page shows the last
/// result and when it was taken. It also keeps the last check of each case the page listed
/// (``CaseCheckCache``), emptied at each whole-store check.
actor IntegrityMonitor {
    /// The last whole-store check.
    struct Result: Sendable {
        var checkedAt: Timestamp
        var passed: Bool
        var eventsChecked: Int
        var streamsChecked: Int
        /// What failed first, as the audit says it.
        var failure: String?
        /// Set when the store could not be read.
        var error: String?
    }

    private let database: ConsoleDatabase
    private(set) var last: Result?
    private var running: Task<Result, Never>?
    private var cases: CaseCheckCache

    init(database: ConsoleDatabase, interval: Duration = .seconds(600)) {
        self.database = database
        cases = CaseCheckCache(maximumAge: interval)
    }

    /// The checks of the listed cases (by id, with their last position in the read models) that can be
    /// shown again at `now`.
    func reusableChecks(_ listed: [(caseID: String, lastPosition: Int64)], now: Timestamp) -> [String: CaseCheckCache.Entry] {
        var found: [String: CaseCheckCache.Entry] = [:]
        for (caseID, position) in listed {
            if let entry = cases.reusable(caseID, lastPosition: position, now: now) { found[caseID] = entry }
        }
        return found
    }

    /// Keeps checks just made for the next views.
    func remember(_ checks: [String: CaseCheckCache.Entry]) {
        for (caseID, entry) in checks { cases.record(caseID, entry) }
    }

    /// Checks now (or joins the check under way) and returns its result.
    func check() async -> Result {
        if let running { return await running.value }
        let database = database
        let task = Task<Result, Never> {
            do {
                return try await database.run { connection in
                    let report = try StoreAudit(connection: connection).verify(streamID: nil)
                    return Result(
                        checkedAt: SystemClock.now(), passed: report.passed, eventsChecked: report.eventsChecked,
                        streamsChecked: report.streamsChecked, failure: report.firstFailure.map { String(describing: $0) })
                }
            } catch {
                return Result(checkedAt: SystemClock.now(), passed: false, eventsChecked: 0, streamsChecked: 0, error: String(describing: error))
            }
        }
        running = task
        let result = await task.value
        running = nil
        last = result
        // A case checked before this walk is checked again on its next view, so that no case's result on
        // the page is older than the whole store's.
        cases.removeAll()
        return result
    }

    /// Checks at once, then every `interval`, until the task is cancelled.
    func run(every interval: Duration) async {
        cases.maximumAge = CaseCheckCache.microseconds(interval)
        while !Task.isCancelled {
            _ = await check()
            try? await Task.sleep(for: interval)
        }
    }
}
