/// The decider of one regional consultation. Pure functions, no I/O.
public enum RegionalConsultation {
    public struct State: Sendable, Hashable {
        public var exists = false
        public var status: ConsultationStatus = .scheduled
        public var region: String = ""
        /// The day it was held, once it was.
        public var heldOn: CalendarDay?

        public init() {}

        /// True once the consultation took place (whether or not its summary is out).
        public var wasHeld: Bool { status == .held || status == .summaryPublished }
    }

    public static func decide(_ command: Command, state: State, context: DecisionContext) -> Decision {
        let id = command.streamID
        if case .scheduleConsultation(let schedule) = command.payload {
            if state.exists {
                return .rejected([
                    Rejection(
                        .consultationAlreadyExists,
                        "consultation \(id) is already scheduled; to hold it again or elsewhere, schedule a new consultation with a new subject"
                    )
                ])
            }
            guard context.referenceData.region(schedule.region) != nil else {
                return .rejected([
                    Rejection(
                        .consultationUnknownRegion,
                        "region \(schedule.region) is not in the reference data; use one of \(context.referenceData.regions.map(\.code).joined(separator: ", "))"
                    )
                ])
            }
            return .accepted([.consultationScheduled(ConsultationScheduled(schedule: schedule))])
        }
        guard state.exists else {
            return .rejected([
                Rejection(
                    .consultationUnknown,
                    "consultation \(id) was never scheduled; send ScheduleConsultation with this subject first, or check the subject"
                )
            ])
        }
        if state.status == .cancelled {
            return .rejected([
                Rejection(
                    .consultationCancelled,
                    "consultation \(id) was cancelled; schedule a new one with a new subject (or waive it for the report)"
                )
            ])
        }
        switch command.payload {
        case .recordConsultationHeld(let meeting):
            if state.wasHeld {
                return .rejected([
                    Rejection(
                        .consultationAlreadyHeld,
                        "consultation \(id) was already recorded as held; a consultation is held once")
                ])
            }
            return .accepted([.consultationHeld(ConsultationHeld(meeting: meeting))])
        case .publishConsultationSummary(let summary):
            if state.status == .summaryPublished {
                return .rejected([
                    Rejection(
                        .consultationSummaryAlreadyPublished,
                        "the summary of consultation \(id) was already published")
                ])
            }
            guard state.wasHeld else {
                return .rejected([
                    Rejection(
                        .consultationNotHeld,
                        "consultation \(id) has not been held yet; record it as held (RecordConsultationHeld) before publishing its summary"
                    )
                ])
            }
            return .accepted([.consultationSummaryPublished(ConsultationSummaryPublished(summary: summary))])
        case .cancelConsultation(let cancellation):
            if state.wasHeld {
                return .rejected([
                    Rejection(
                        .consultationAlreadyHeld,
                        "consultation \(id) was already held and cannot be cancelled")
                ])
            }
            return .accepted([.consultationCancelled(ConsultationCancelled(cancellation: cancellation))])
        default:
            return .rejected([
                Rejection(
                    .streamTypeMismatch,
                    "\(command.envelope.type.rawValue) is not a command of a regional consultation; use the subject of a \(command.aggregate.rawValue)"
                )
            ])
        }
    }

    /// Applies one event to `state`, in place.
    public static func evolve(_ state: inout State, _ event: DomainEvent) {
        switch event {
        case .consultationScheduled(let scheduled):
            state.exists = true
            state.status = .scheduled
            state.region = scheduled.schedule.region
        case .consultationHeld(let held):
            state.status = .held
            state.heldOn = held.meeting.heldOn
        case .consultationSummaryPublished: state.status = .summaryPublished
        case .consultationCancelled: state.status = .cancelled
        default: break
        }
    }
}
