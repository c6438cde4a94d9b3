/// Every event Suivi records. The CloudEvents `type` on the events topic is `suivi.event.` followed
/// by ``typeName``.
public enum DomainEvent: Sendable, Hashable {
    case assistanceRequested(AssistanceRequested)
    case consentGiven(ConsentGiven)
    case consentAmended(ConsentAmended)
    case consentWithdrawn(ConsentWithdrawn)
    case assistanceApproved(AssistanceApproved)
    case assistanceDeclined(AssistanceDeclined)
    case activityRecorded(ActivityRecorded)
    case nationalConsultationHeld(NationalConsultationHeld)
    case caseReportSubmitted(CaseReportSubmitted)
    case caseClosed(CaseClosed)
    case consultationScheduled(ConsultationScheduled)
    case consultationHeld(ConsultationHeld)
    case consultationSummaryPublished(ConsultationSummaryPublished)
    case consultationCancelled(ConsultationCancelled)
    case reportMandated(ReportMandated)
    case draftingStarted(DraftingStarted)
    case reportSubmitted(ReportSubmitted)
    case reportPresented(ReportPresented)
    case reportDeferred(ReportDeferred)
    case consultationWaived(ConsultationWaived)

    public static let prefix = "suivi.event."

    /// Every event type name, as stored and published.
    public static let typeNames: [String] = [
        "AssistanceRequested",
        "ConsentGiven",
        "ConsentAmended",
        "ConsentWithdrawn",
        "AssistanceApproved",
        "AssistanceDeclined",
        "ActivityRecorded",
        "NationalConsultationHeld",
        "CaseReportSubmitted",
        "CaseClosed",
        "ConsultationScheduled",
        "ConsultationHeld",
        "ConsultationSummaryPublished",
        "ConsultationCancelled",
        "ReportMandated",
        "DraftingStarted",
        "ReportSubmitted",
        "ReportPresented",
        "ReportDeferred",
        "ConsultationWaived",
    ]

    public var typeName: String {
        switch self {
        case .assistanceRequested: "AssistanceRequested"
        case .consentGiven: "ConsentGiven"
        case .consentAmended: "ConsentAmended"
        case .consentWithdrawn: "ConsentWithdrawn"
        case .assistanceApproved: "AssistanceApproved"
        case .assistanceDeclined: "AssistanceDeclined"
        case .activityRecorded: "ActivityRecorded"
        case .nationalConsultationHeld: "NationalConsultationHeld"
        case .caseReportSubmitted: "CaseReportSubmitted"
        case .caseClosed: "CaseClosed"
        case .consultationScheduled: "ConsultationScheduled"
        case .consultationHeld: "ConsultationHeld"
        case .consultationSummaryPublished: "ConsultationSummaryPublished"
        case .consultationCancelled: "ConsultationCancelled"
        case .reportMandated: "ReportMandated"
        case .draftingStarted: "DraftingStarted"
        case .reportSubmitted: "ReportSubmitted"
        case .reportPresented: "ReportPresented"
        case .reportDeferred: "ReportDeferred"
        case .consultationWaived: "ConsultationWaived"
        }
    }

    /// The aggregate whose stream holds this event.
    public var aggregate: AggregateKind {
        switch self {
        case .assistanceRequested, .consentGiven, .consentAmended, .consentWithdrawn, .assistanceApproved,
            .assistanceDeclined, .activityRecorded, .nationalConsultationHeld, .caseReportSubmitted, .caseClosed:
            .assistanceCase
        case .consultationScheduled, .consultationHeld, .consultationSummaryPublished, .consultationCancelled:
            .regionalConsultation
        case .reportMandated, .draftingStarted, .reportSubmitted, .reportPresented, .reportDeferred,
            .consultationWaived:
            .mandatedReport
        }
    }

    /// The consent this event relied on: set for approvals and activities, which need one; nil otherwise.
    /// The command processor copies it into ``EventMetadata/consentID``.
    public var consentID: String? {
        switch self {
        case .assistanceApproved(let event): event.consentID
        case .activityRecorded(let event): event.consentID
        default: nil
        }
    }

    /// The event's payload as JSON, as stored and published.
    public var data: JSON { payload.json }

    /// `data.canonicalBytes`, written by the payload itself (see ``MessageData/writeJSON(into:)``): what the
    /// command processor hashes, stores and publishes for each event it decides.
    public var dataBytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(512)
        payload.writeJSON(into: &out)
        return out
    }

    /// The event's payload.
    public var payload: any MessageData {
        switch self {
        case .assistanceRequested(let event): event
        case .consentGiven(let event): event
        case .consentAmended(let event): event
        case .consentWithdrawn(let event): event
        case .assistanceApproved(let event): event
        case .assistanceDeclined(let event): event
        case .activityRecorded(let event): event
        case .nationalConsultationHeld(let event): event
        case .caseReportSubmitted(let event): event
        case .caseClosed(let event): event
        case .consultationScheduled(let event): event
        case .consultationHeld(let event): event
        case .consultationSummaryPublished(let event): event
        case .consultationCancelled(let event): event
        case .reportMandated(let event): event
        case .draftingStarted(let event): event
        case .reportSubmitted(let event): event
        case .reportPresented(let event): event
        case .reportDeferred(let event): event
        case .consultationWaived(let event): event
        }
    }

    /// Reads a stored or published event back.
    public static func decode(typeName: String, data: JSON) -> Result<DomainEvent, DecodingFailure> {
        switch typeName {
        case "AssistanceRequested": AssistanceRequested.decode(data, path: "$.data").map(Self.assistanceRequested)
        case "ConsentGiven": ConsentGiven.decode(data, path: "$.data").map(Self.consentGiven)
        case "ConsentAmended": ConsentAmended.decode(data, path: "$.data").map(Self.consentAmended)
        case "ConsentWithdrawn": ConsentWithdrawn.decode(data, path: "$.data").map(Self.consentWithdrawn)
        case "AssistanceApproved": AssistanceApproved.decode(data, path: "$.data").map(Self.assistanceApproved)
        case "AssistanceDeclined": AssistanceDeclined.decode(data, path: "$.data").map(Self.assistanceDeclined)
        case "ActivityRecorded": ActivityRecorded.decode(data, path: "$.data").map(Self.activityRecorded)
        case "NationalConsultationHeld":
            NationalConsultationHeld.decode(data, path: "$.data").map(Self.nationalConsultationHeld)
        case "CaseReportSubmitted": CaseReportSubmitted.decode(data, path: "$.data").map(Self.caseReportSubmitted)
        case "CaseClosed": CaseClosed.decode(data, path: "$.data").map(Self.caseClosed)
        case "ConsultationScheduled": ConsultationScheduled.decode(data, path: "$.data").map(Self.consultationScheduled)
        case "ConsultationHeld": ConsultationHeld.decode(data, path: "$.data").map(Self.consultationHeld)
        case "ConsultationSummaryPublished":
            ConsultationSummaryPublished.decode(data, path: "$.data").map(Self.consultationSummaryPublished)
        case "ConsultationCancelled": ConsultationCancelled.decode(data, path: "$.data").map(Self.consultationCancelled)
        case "ReportMandated": ReportMandated.decode(data, path: "$.data").map(Self.reportMandated)
        case "DraftingStarted": DraftingStarted.decode(data, path: "$.data").map(Self.draftingStarted)
        case "ReportSubmitted": ReportSubmitted.decode(data, path: "$.data").map(Self.reportSubmitted)
        case "ReportPresented": ReportPresented.decode(data, path: "$.data").map(Self.reportPresented)
        case "ReportDeferred": ReportDeferred.decode(data, path: "$.data").map(Self.reportDeferred)
        case "ConsultationWaived": ConsultationWaived.decode(data, path: "$.data").map(Self.consultationWaived)
        default:
            .failure(
                DecodingFailure([
                    Violation(path: "$.type", code: .unknownType, message: "unknown event type \(typeName)")
                ]))
        }
    }
}
