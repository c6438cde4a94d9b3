public import SuiviDomain

/// What a batch of events adds to the per-State summary (`state_summary`): cases that appeared or moved
/// between statuses, decisions and activities recorded, the latest activity's end. A plain value built
/// from the case rows before and after the batch, so that it is tested without a database; the projector
/// adds it to the table in the batch's transaction (``ReadModelStore/add(_:)``).
///
/// It counts what the aggregate over `cases`, `decisions` and `activities` counts: a decision or activity
/// of a case the read models have no row for is in neither.
public struct StateSummaryChange: Sendable, Hashable {
    /// One State's share of the change.
    public struct Figures: Sendable, Hashable {
        /// Cases added (a request).
        public var cases = 0
        /// Cases added to (positive) or moved out of (negative) each status, by the status as the `cases`
        /// read model spells it.
        public var statuses: [String: Int] = [:]
        public var decisions = 0
        public var activities = 0
        /// The latest end date of the activities added.
        public var lastActivityOn: CalendarDay?

        public init() {}

        /// Whether it changes nothing.
        public var isEmpty: Bool {
            cases == 0 && statuses.values.allSatisfy { $0 == 0 } && decisions == 0 && activities == 0 && lastActivityOn == nil
        }
    }

    /// By State code.
    public private(set) var states: [String: Figures] = [:]

    public init() {}

    /// A case's row went from `before` (nil: the batch created it) to `after`: the case leaves its old
    /// State and status and joins the new ones.
    public mutating func caseChanged(from before: CaseRow?, to after: CaseRow) {
        if let before {
            if before.state == after.state && before.status == after.status { return }
            states[before.state, default: Figures()].cases -= 1
            states[before.state, default: Figures()].statuses[before.status, default: 0] -= 1
        }
        states[after.state, default: Figures()].cases += 1
        states[after.state, default: Figures()].statuses[after.status, default: 0] += 1
    }

    /// An event applied to a case of `state`: decisions and activities are counted.
    public mutating func recorded(_ event: RecordedEvent, state: String) {
        switch event.event {
        case .assistanceApproved, .assistanceDeclined:
            states[state, default: Figures()].decisions += 1
        case .activityRecorded(let recorded):
            var figures = states[state, default: Figures()]
            figures.activities += 1
            figures.lastActivityOn = max(figures.lastActivityOn ?? recorded.activity.endDate, recorded.activity.endDate)
            states[state] = figures
        default:
            break
        }
    }

    /// The States whose figures change, in code order (the order their rows are locked in).
    public var changed: [(state: String, figures: Figures)] {
        states.keys.sorted().compactMap { state in states[state].flatMap { $0.isEmpty ? nil : (state, $0) } }
    }

}
