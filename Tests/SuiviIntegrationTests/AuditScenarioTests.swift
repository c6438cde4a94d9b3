import Foundation
import SuiviOperations
import SuiviDomain
import SuiviKafka
import SuiviPostgres
import SuiviConsole
import SuiviStore
import Testing

/// The demo scenario (three States, the regional consultations, the report) published through the real
/// broker in three steps, decided and projected by the real workers; then every auditor's query is
/// checked as a script would read it, through the library the CLI uses and through the `suivi` binary.
@Suite("Audit read models and queries, end to end", .serialized)
struct AuditScenarioTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Schemas/examples")

    struct Line {
        var bytes: [UInt8]
        var expect: JSON
        var id: String { expect["id"]?.stringValue ?? "" }
        var subject: String { expect["subject"]?.stringValue ?? "" }
    }

    static func scenario() throws -> [Line] {
        let messages = try String(contentsOf: examples.appendingPathComponent("demo-scenario.ndjson"), encoding: .utf8)
            .split(separator: "\n").filter { !$0.isEmpty }
        let expectations = try String(
            contentsOf: examples.appendingPathComponent("demo-scenario.expect.ndjson"), encoding: .utf8
        )
        .split(separator: "\n").filter { !$0.isEmpty }.map { try JSONParser.parse(String($0)) }
        try #require(messages.count == expectations.count)
        return zip(messages, expectations).map { Line(bytes: Array($0.utf8), expect: $1) }
    }

    /// Lines 1-5 (Togo up to its first activity), 6-22 (the rest of Togo, Paraguay), 23-55 (Mongolia, the
    /// consultations, the report): the moments between the steps are the as-of probes.
    static let steps = [0..<5, 5..<22, 22..<55]

    @Test func theScenarioIsQueryableTraceableAndRebuildable() async throws {
        let lines = try Self.scenario()
        // One partition: the scenario's cross-stream order (the report after its consultations) is kept.
        try await TestStack.withScope(partitions: 1) { scope in
            let configuration = try scope.configuration
            let decider = try WorkerProcess("suivi-decider", environment: scope.environment)
            let projector = try WorkerProcess("suivi-projector", environment: scope.environment)
            defer { decider.stop(); projector.stop() }
            let connection = try scope.connect()
            let store = EventStore(connection: connection)

            // Publish step by step; after each, wait for every outcome and note the moment.
            var moments: [Timestamp] = [SystemClock.now()]
            var publishedIDs: [[String]] = []
            try await Task.sleep(for: .milliseconds(20))
            for step in Self.steps {
                let publisher = try CommandPublisher(configuration: configuration, logger: TestStack.logger)
                let input = lines[step].enumerated().map {
                    (line: step.lowerBound + $0.offset + 1, bytes: $0.element.bytes)
                }
                let verdicts = try await publisher.publish(CommandPublisher.validate(input))
                publisher.close()
                #expect(verdicts.allSatisfy { $0.isValid && $0.offset != nil })
                let ids = Array(Set(lines[step].map(\.id)))
                publishedIDs.append(ids)
                try await TestStack.eventually("the outcomes of lines \(step)") {
                    try store.outcomes(for: ids).count == ids.count
                }
                moments.append(SystemClock.now())
                try await Task.sleep(for: .milliseconds(20))
            }
            let totalEvents = try connection.query("SELECT count(*) AS n FROM suivi.events")[0].int("n")
            try await TestStack.eventually("every event projected") {
                try ReadModelStore(connection: connection).stats(group: configuration.projectorGroup).applied
                    == Int(totalEvents)
            }

            try checkCases(connection)
            try checkTimelines(connection, lines: lines)
            try checkTraces(connection)
            try checkConsultationsAndReport(connection)
            try checkAsOf(connection, moments: moments, published: publishedIDs)
            try checkHTML(connection)
            try checkCLI(scope)
        }
    }

    func checkCases(_ connection: PostgresConnection) throws {
        let queries = CaseQueries(connection: connection)
        let listed = try JSONParser.parse(CaseReport.listJSON(try queries.list()))
        let statuses = Dictionary(
            uniqueKeysWithValues: (listed.arrayValue ?? []).map {
                (
                    $0["caseId"]?.stringValue ?? "",
                    "\($0["state"]?.stringValue ?? "")/\($0["status"]?.stringValue ?? "")"
                )
            })
        #expect(
            statuses == [
                "case-TGO-2026-001": "TGO/active", "case-PRY-2026-001": "PRY/closed", "case-MNG-2026-001": "MNG/active",
                "case-MNG-2026-002": "MNG/closed",
            ])
        #expect(try queries.list(.init(state: "MNG", status: "closed")).map(\.caseID) == ["case-MNG-2026-002"])

        let togo = try JSONParser.parse(CaseReport.showJSON(try #require(try queries.show("case-TGO-2026-001"))))
        #expect(togo["currentConsent"]?["consentId"] == "consent-TGO-2026-01")
        #expect(togo["currentConsent"]?["validFrom"] == "2026-02-01T00:00:00Z")
        #expect(togo["currentConsent"]?["validUntil"] == "2026-12-31T23:59:59.999999Z")
        let paraguay = try JSONParser.parse(CaseReport.showJSON(try #require(try queries.show("case-PRY-2026-001"))))
        #expect(paraguay["currentConsent"] == .null, "its only consent was withdrawn")
        #expect(paraguay["closed"]?["closure"] == "withdrawn-by-state")
        let declined = try JSONParser.parse(CaseReport.showJSON(try #require(try queries.show("case-MNG-2026-002"))))
        #expect(declined["declined"]?["reason"]?.stringValue?.isEmpty == false)

        // The per-State overview; consents in force depend on today's date, as the view computes them.
        let states = try JSONParser.parse(StatesReport.json(try StateQueries(connection: connection).overview()))
        let byState = Dictionary(
            uniqueKeysWithValues: (states.arrayValue ?? []).map { ($0["state"]?.stringValue ?? "", $0) })
        #expect(byState.keys.sorted() == ["MNG", "PRY", "TGO"])
        #expect(byState["MNG"]?["cases"] == 2 && byState["MNG"]?["active"] == 1 && byState["MNG"]?["closed"] == 1)
        #expect(byState["PRY"]?["closed"] == 1 && byState["PRY"]?["activities"] == 1)
        #expect(byState["TGO"]?["active"] == 1 && byState["TGO"]?["activities"] == 3)
        #expect(byState["TGO"]?["lastActivityOn"] == "2026-06-11")
        let togoInForce = SystemClock.now() <= Timestamp(rfc3339: "2026-12-31T23:59:59Z")! ? 1 : 0
        #expect(byState["TGO"]?["activeConsents"] == .int(togoInForce))
        #expect(byState["PRY"]?["activeConsents"] == 0, "withdrawn")

        // The consent ledger and the consent each decision and activity relied on, as psql shows them.
        let ledger = try connection.query(
            "SELECT case_id || ':' || consent_id || ':' || action AS k FROM suivi_read.consent_events ORDER BY case_id, version"
        ).rows.map { try $0.string("k") }
        #expect(
            ledger == [
                "case-MNG-2026-001:consent-MNG-2026-01:granted", "case-PRY-2026-001:consent-PRY-2026-01:granted",
                "case-PRY-2026-001:consent-PRY-2026-01:withdrawn", "case-TGO-2026-001:consent-TGO-2026-01:granted",
                "case-TGO-2026-001:consent-TGO-2026-01:amended",
            ])
        let relied = try connection.query(
            """
            SELECT case_id || ':' || outcome || ':' || coalesce(consent_id, '-') AS k FROM suivi_read.decisions
            UNION ALL SELECT case_id || ':' || activity_id || ':' || consent_id FROM suivi_read.activities ORDER BY 1
            """
        ).rows.map { try $0.string("k") }
        #expect(
            relied == [
                "case-MNG-2026-001:act-MNG-01:consent-MNG-2026-01", "case-MNG-2026-001:approve:consent-MNG-2026-01",
                "case-MNG-2026-002:decline:-", "case-PRY-2026-001:act-PRY-01:consent-PRY-2026-01",
                "case-PRY-2026-001:approve:consent-PRY-2026-01", "case-TGO-2026-001:act-TGO-01-c1:consent-TGO-2026-01",
                "case-TGO-2026-001:act-TGO-01:consent-TGO-2026-01", "case-TGO-2026-001:act-TGO-02:consent-TGO-2026-01",
                "case-TGO-2026-001:approve:consent-TGO-2026-01", "case-TGO-2026-001:approve:consent-TGO-2026-01",
            ])
        let correction = try connection.query(
            "SELECT corrects FROM suivi_read.activities WHERE activity_id = 'act-TGO-01-c1'")[0]["corrects"]
        #expect(correction == "act-TGO-01")
        let standing = try connection.query(
            "SELECT standing FROM suivi_read.consent_status WHERE consent_id = 'consent-MNG-2026-01'")[0]["standing"]
        #expect(standing == (SystemClock.now() > Timestamp(rfc3339: "2026-09-30T23:59:59Z")! ? "expired" : "active"))
    }

    /// Each case's timeline is the scenario's commands for it, in order, with the expected outcome and reason codes.
    func checkTimelines(_ connection: PostgresConnection, lines: [Line]) throws {
        let audit = CaseAudit(connection: connection)
        for caseID in ["case-TGO-2026-001", "case-PRY-2026-001", "case-MNG-2026-001", "case-MNG-2026-002"] {
            let timeline = try JSONParser.parse(TimelineReport.json(try #require(try audit.timeline(caseID))))
            let seen = (timeline["entries"]?.arrayValue ?? []).map { entry in
                [
                    entry["commandId"]?.stringValue ?? "", entry["status"]?.stringValue ?? "",
                    (entry["reasons"]?.arrayValue ?? []).compactMap { $0["code"]?.stringValue }.joined(separator: ","),
                ]
            }
            let expected = lines.filter { $0.subject == caseID && $0.expect["duplicate"]?.boolValue == false }.map {
                line in
                [
                    line.id, line.expect["status"]?.stringValue ?? "",
                    (line.expect["reasons"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ","),
                ]
            }
            #expect(seen == expected, "\(caseID)")
        }
        let togo = try #require(try audit.timeline("case-TGO-2026-001"))
        let rejected = togo.entries.filter { $0.status == .rejected }.map { $0.reasons.map(\.code.rawValue) }
        #expect(
            rejected == [
                ["activity.not-approved", "consent.missing"], ["activity.not-approved", "consent.scope-not-covered"],
            ])
        #expect(
            togo.entries.first { $0.commandID == "tgo-decide-001" }?.events.first?.metadata.consentID
                == "consent-TGO-2026-01")
    }

    func checkTraces(_ connection: PostgresConnection) throws {
        let audit = CaseAudit(connection: connection)
        let togo = try JSONParser.parse(TraceReport.json(try #require(try audit.trace("case-TGO-2026-001"))))
        let entries = togo["entries"]?.arrayValue ?? []
        #expect(
            entries.compactMap { $0["kind"]?.stringValue } == [
                "approval", "activity", "activity", "approval", "activity",
            ])
        #expect(entries.allSatisfy { $0["covered"] == true && $0["consentId"] == "consent-TGO-2026-01" })
        // The second approval (peer exchange) is covered only thanks to the amendment before it.
        let peer = entries[3]
        #expect(peer["consent"]?["amendments"] == 1)
        let kindsCheck = (peer["checks"]?.arrayValue ?? []).first { $0["rule"] == "activity kinds in scope" }
        #expect(kindsCheck?["holds"] == true)
        #expect(kindsCheck?["detail"]?.stringValue?.contains("peer-exchange") == true)
        let validity = (entries[1]["checks"]?.arrayValue ?? []).first { $0["rule"] == "valid at the time" }
        #expect(validity?["detail"] == "2026-03-07T17:00:00Z lies within 2026-02-01..2026-12-31")
        let rules = Set((entries[1]["checks"]?.arrayValue ?? []).compactMap { $0["rule"]?.stringValue })
        #expect(
            rules == [
                "granted by the State", "not withdrawn", "valid at the time", "activity kinds in scope",
                "providers in scope", "dates in validity", "approved",
            ])

        let declined = try #require(try audit.trace("case-MNG-2026-002"))
        #expect(declined.entries.map(\.kind) == ["decline"])
        #expect(declined.entries[0].consentID == nil && declined.entries[0].covered)
        #expect(try audit.trace("no-such-case") == nil)
    }

    func checkConsultationsAndReport(_ connection: PostgresConnection) throws {
        let regional = try JSONParser.parse(
            ConsultationsReport.json(try ConsultationQueries(connection: connection).regional()))
        #expect(regional["coverage"]?["covered"] == 5 && regional["coverage"]?["regions"] == 5)
        let rows = regional["consultations"]?.arrayValue ?? []
        #expect(rows.count == 6)
        let cancelled = rows.first { $0["consultationId"] == "rc-latin-american-and-caribbean-states" }
        #expect(cancelled?["status"] == "cancelled")
        #expect(cancelled?["cancellationReason"]?.stringValue?.contains("COVID-19") == true)
        let african = rows.first { $0["consultationId"] == "rc-african-states" }
        #expect(african?["status"] == "summary-published")
        #expect(african?["participantsStates"] == 27 && african?["participantsNhris"] == 14)
        #expect((african?["goodPractices"]?.arrayValue ?? []).count == 2)

        let reports = try JSONParser.parse(ReportStatusReport.json(try ReportQueries(connection: connection).status()))
        let report = try #require(reports.arrayValue?.first)
        #expect(reports.arrayValue?.count == 1)
        #expect(report["reportId"] == "report-hrc47-nmirf")
        #expect(report["status"] == "presented")
        #expect(report["mandatedSession"] == 47 && report["dueSession"] == 48)
        #expect(report["presentedSession"] == 48)
        #expect(report["documentSymbol"] == "A/HRC/48/20")
        #expect((report["drawsOn"]?.arrayValue ?? []).count == 6)
        #expect(report["waivedAtSubmission"] == ["rc-latin-american-and-caribbean-states"])
        let deferrals = report["deferrals"]?.arrayValue ?? []
        #expect(deferrals.count == 1)
        #expect(deferrals.first?["fromSession"] == 47 && deferrals.first?["toSession"] == 48)
        #expect(report["waivers"]?.arrayValue?.first?["consultationId"] == "rc-latin-american-and-caribbean-states")
        #expect(try ReportQueries(connection: connection).status("no-such-report").isEmpty)
    }

    /// As-of at each moment between steps equals the fold of the events of the commands published by then.
    func checkAsOf(_ connection: PostgresConnection, moments: [Timestamp], published: [[String]]) throws {
        let audit = CaseAudit(connection: connection)
        let store = EventStore(connection: connection)
        for caseID in ["case-TGO-2026-001", "case-PRY-2026-001", "case-MNG-2026-001"] {
            let stream = try store.stream(caseID).map(\.event)
            for (index, moment) in moments.enumerated() {
                let known = Set(published.prefix(index).joined())
                let expected = AggregateState.fold(stream.filter { known.contains($0.metadata.commandID) }.map(\.event))
                let asOf = try #require(try audit.asOf(caseID, at: moment))
                #expect(asOf.state == expected, "\(caseID) as of step \(index)")
            }
        }
        let afterFirst = try #require(try audit.asOf("case-TGO-2026-001", at: moments[1]))
        let json = try JSONParser.parse(AsOfReport.json(afterFirst))
        #expect(json["status"] == "active")
        #expect(json["version"] == 4)
        #expect(json["consents"]?.arrayValue?.map { $0["consentId"] } == ["consent-TGO-2026-01"])
        #expect(json["approvals"]?.arrayValue?.count == 1)
        #expect(json["activities"]?.arrayValue?.map { $0["activityId"] } == ["act-TGO-01"])
        #expect(try audit.asOf("case-TGO-2026-001", at: moments[0])?.existed == false)
        let paraguay = try #require(try audit.asOf("case-PRY-2026-001", at: moments[2]))
        #expect(paraguay.state.assistanceCase.status == .closed)
        #expect(paraguay.state.assistanceCase.consents["consent-PRY-2026-01"]?.withdrawn == true)
        #expect(try audit.asOf("case-PRY-2026-001", at: moments[1])?.existed == false)
    }

    func checkHTML(_ connection: PostgresConnection) throws {
        let page = try #require(try AuditPage.render("case-TGO-2026-001", connection: connection, labels: Catalogue.english.reportLabels))
        #expect(page.chain.verified && page.chain.events == 10)
        let path = NSTemporaryDirectory() + "suivi-report-\(UInt32.random(in: 0...UInt32.max)).html"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try page.write(to: path)
        let html = try String(contentsOfFile: path, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("http://") && !html.contains("https://"), "self-contained")
        #expect(!html.contains("<script"))
        #expect(html.contains("<svg") && html.contains("<style>"))
        #expect(html.contains("verified: 10 events, head hash " + page.chain.headHash))
        // Two approvals and three activities marked on the consent's lane, each naming it.
        #expect(html.components(separatedBy: "relied on consent consent-TGO-2026-01").count - 1 == 5)
        // The rejected commands as red crosses with their reason codes.
        #expect(html.contains("rejected RecordActivity tgo-act-003"))
        #expect(html.contains(">consent.scope-not-covered</text>"))
        #expect(html.contains(">consent.missing</text>"))

        // A stored event altered (here in memory) is named as the first bad one, and the page says so.
        var stream = try EventStore(connection: connection).stream("case-TGO-2026-001")
        stream[2].event.metadata.actor = "someone.else"
        let broken = HashChainCheck.check(stream)
        #expect(!broken.verified && broken.firstBad?.version == 3)
        #expect(broken.summary.hasPrefix("NOT verified: event 3"))
    }

    func checkCLI(_ scope: TestStack.Scope) throws {
        let env = scope.environment
        func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
            try WorkerProcess.run("suivi", arguments, environment: env)
        }
        let states = try run(["states", "--json"])
        #expect(states.status == 0)
        #expect(try JSONParser.parse(states.stdout).arrayValue?.count == 3)
        let consultations = try run(["consultations"])
        #expect(consultations.status == 0 && consultations.stdout.contains("regions covered: 5/5"))
        let report = try run(["report", "status", "report-hrc47-nmirf", "--json"])
        #expect(report.status == 0)
        #expect(try JSONParser.parse(report.stdout).arrayValue?.first?["dueSession"] == 48)
        let timeline = try run(["case", "timeline", "case-PRY-2026-001", "--json"])
        #expect(timeline.status == 0)
        let codes = (try JSONParser.parse(timeline.stdout)["entries"]?.arrayValue ?? []).flatMap {
            ($0["reasons"]?.arrayValue ?? []).compactMap { $0["code"]?.stringValue }
        }
        #expect(codes == ["consent.not-state-authority", "activity.not-approved", "consent.withdrawn"])
        let trace = try run(["audit", "trace", "case-PRY-2026-001", "--json"])
        #expect(trace.status == 0)
        #expect(try JSONParser.parse(trace.stdout)["entries"]?.arrayValue?.first?["consentId"] == "consent-PRY-2026-01")
        let asOf = try run(["audit", "as-of", "2999-01-01T00:00:00Z", "case-MNG-2026-001", "--json"])
        #expect(asOf.status == 0)
        #expect(try JSONParser.parse(asOf.stdout)["status"] == "active")
        let path = NSTemporaryDirectory() + "suivi-cli-report-\(UInt32.random(in: 0...UInt32.max)).html"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let html = try run(["audit", "report", "case-PRY-2026-001", "--html", path])
        #expect(html.status == 0 && html.stdout.contains("verified: 6 events"))
        #expect(FileManager.default.fileExists(atPath: path))

        // Not found: exit 1, one line. Malformed id or time: exit 2, one line.
        for arguments in [
            ["case", "timeline", "case-XXX-0000-000"], ["audit", "trace", "case-XXX-0000-000"],
            ["audit", "as-of", "2026-01-01T00:00:00Z", "case-XXX-0000-000"],
            ["audit", "as-of", "2000-01-01T00:00:00Z", "case-TGO-2026-001"],
            ["audit", "report", "case-XXX-0000-000", "--html", path], ["report", "status", "no-such-report"],
            ["case", "show", "case-XXX-0000-000"],
        ] {
            let result = try run(arguments)
            #expect(result.status == 1, "\(arguments)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
        }
        for arguments in [
            ["audit", "as-of", "yesterday", "case-TGO-2026-001"],
            ["audit", "as-of", "2026-13-01T00:00:00Z", "case-TGO-2026-001"],
            ["audit", "trace", "not an id"], ["case", "timeline", "-bad"], ["case", "show", "bad/id"],
        ] {
            let result = try run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
        }

        // A rebuild from the store reproduces every read model exactly.
        let rebuild = try run(["rebuild", "--verify", "--json"])
        #expect(rebuild.status == 0, "\(rebuild.stderr)")
        let summary = try JSONParser.parse(rebuild.stdout)
        #expect(summary["differences"] == [])
        #expect((summary["tablesCompared"]?.intValue ?? 0) >= 10)
    }
}
