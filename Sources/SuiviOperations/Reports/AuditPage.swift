import Foundation
public import SuiviDomain
public import SuiviPostgres
public import SuiviStore

/// The HTML audit page of one case, loaded from the event store and rendered by ``CaseHTMLReport``.
public struct AuditPage: Sendable {
    public var html: String
    public var chain: HashChainCheck
    /// What the page was rendered from (the console renders its body inside its own layout).
    public var input: CaseHTMLReport.Input

    /// "verified: N events, head hash …" or the first bad event.
    public var summary: String { chain.summary }

    /// Loads the case's events, outcomes and hash chain and renders the page in `labels`' language; nil when
    /// the case has no events.
    public static func render(
        _ caseID: String, connection: PostgresConnection, labels: ReportLabels, now: Timestamp = SystemClock.now()
    ) throws -> AuditPage? {
        let audit = CaseAudit(connection: connection)
        let stream = try audit.stream(caseID)
        guard stream.first?.event.aggregate == .assistanceCase else { return nil }
        let events = stream.map(\.event)
        let chain = HashChainCheck.check(stream)
        let input = CaseHTMLReport.Input(
            caseID: caseID, events: events, timeline: try audit.timeline(caseID),
            trace: CaseTrace.build(caseID: caseID, events: events), chain: chain, generatedAt: now)
        return AuditPage(html: CaseHTMLReport.render(input, labels: labels), chain: chain, input: input)
    }

    /// Writes the page to `path` (replacing any file there).
    public func write(to path: String) throws {
        try Data(html.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
