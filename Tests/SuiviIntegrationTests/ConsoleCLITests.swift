import Foundation
import SuiviDomain
import SuiviPostgres
import SuiviStore
import Testing

/// The CLI's side of the auditors' console, run as an auditor runs it: the real `suivi` executable
/// against a database holding the demo scenario, decided and projected by the real workers. Each
/// command is checked for what it prints, the shape of its `--json`, its exit code (README, "Exit
/// codes") and the line that says how many more rows `--offset` shows.
@Suite("Console commands of the CLI on the demo scenario", .serialized)
struct ConsoleCLITests {
    typealias Run = (status: Int32, stdout: String, stderr: String)

    @Test func stateReportStatesCasesAndAsOfOnTheDemoScenario() async throws {
        try await TestStack.withScope(partitions: 1) { scope in
            try await Self.loadDemoScenario(scope)
            let suivi = { (arguments: [String]) throws -> Run in
                try WorkerProcess.run("suivi", arguments, environment: scope.environment.merging(["SUIVI_LANG": "en"]) { $1 })
            }
            try checkStates(suivi)
            try checkCasesList(suivi)
            try checkStateReport(suivi, scope: scope)
            try checkAsOf(suivi)
        }
    }

    /// Publishes `demo-scenario.ndjson` through `suivi publish` (one partition: the scenario's order is
    /// kept) and waits until every command has its outcome and every event is projected.
    static func loadDemoScenario(_ scope: TestStack.Scope) async throws {
        let decider = try WorkerProcess("suivi-decider", environment: scope.environment)
        let projector = try WorkerProcess("suivi-projector", environment: scope.environment)
        defer { decider.stop(); projector.stop() }
        let lines = try AuditScenarioTests.scenario()
        let published = try WorkerProcess.run(
            "suivi", ["publish", AuditScenarioTests.examples.appendingPathComponent("demo-scenario.ndjson").path],
            environment: scope.environment)
        try #require(published.status == 0, "\(published.stderr)")
        let connection = try scope.connect()
        defer { connection.close() }
        let ids = Array(Set(lines.map(\.id)))
        try await TestStack.eventually("the scenario's outcomes") {
            try EventStore(connection: connection).outcomes(for: ids).count == ids.count
        }
        let events = try connection.query("SELECT count(*) AS n FROM suivi.events")[0].int("n")
        let group = try scope.configuration.projectorGroup
        try await TestStack.eventually("every event projected") {
            try ReadModelStore(connection: connection).stats(group: group).applied == Int(events)
        }
    }

    func checkStates(_ suivi: (([String]) throws -> Run)) throws {
        let all = try suivi(["states"])
        #expect(all.status == 0, "\(all.stderr)")
        #expect(lines(all.stdout).dropFirst(2).map { String($0.prefix(3)) } == ["MNG", "PRY", "TGO", "3 S"])
        #expect(lines(all.stdout).last == "3 States")

        let togo = try suivi(["states", "--state", "TGO", "--from", "2026-01-01", "--to", "2026-03-31", "--json"])
        #expect(togo.status == 0 && togo.stderr.isEmpty, "\(togo.stderr)")
        let row = try JSONParser.parse(togo.stdout).arrayValue
        #expect(row?.count == 1)
        #expect(row?.first?["state"] == "TGO" && row?.first?["cases"] == 1)
        #expect(row?.first?["decisions"] == 1, "only the first approval (5 February) is in the first quarter")
        #expect(row?.first?["activities"] == 2, "act-TGO-01 and its correction, 2-6 March")
        #expect(row?.first?["consentsInForce"] == 1, "consent-TGO-2026-01 is in force on 31 March")
        #expect(lines(try suivi(["states", "--state", "TGO"]).stdout).last == "1 State")

        let first = try suivi(["states", "--limit", "2"])
        #expect(first.status == 0)
        #expect(lines(first.stdout).last == "States 1-2 of 3; 1 more (--offset 2)")
        let second = try suivi(["states", "--limit", "2", "--offset", "2"])
        #expect(lines(second.stdout).dropFirst(2).first?.hasPrefix("TGO") == true)
        #expect(lines(second.stdout).last == "States 3-3 of 3")
        // --json stays an array for scripts; the cut is said on standard error.
        let cut = try suivi(["states", "--limit", "1", "--json"])
        #expect(cut.status == 0)
        #expect(try JSONParser.parse(cut.stdout).arrayValue?.map { $0["state"] } == ["MNG"])
        #expect(cut.stderr == "suivi: States 1-1 of 3; 2 more (--offset 1)\n")
        let none = try suivi(["states", "--state", "ZZZ"])
        #expect(none.status == 0 && none.stdout == "no States\n", "\(none.stdout)")

        for arguments in [
            ["states", "--state", "tgo"], ["states", "--from", "2026-02-30"], ["states", "--to", "30/06/2026"],
            ["states", "--from", "2026-06-01", "--to", "2026-01-01"], ["states", "--limit", "0"],
        ] {
            let refused = try suivi(arguments)
            #expect(refused.status == 2, "\(arguments): \(refused.status)")
            #expect(lines(refused.stderr).count == 1, "\(arguments): \(refused.stderr)")
        }
    }

    func checkCasesList(_ suivi: (([String]) throws -> Run)) throws {
        let page = try suivi(["cases", "list", "--limit", "2", "--offset", "1"])
        #expect(page.status == 0)
        #expect(lines(page.stdout).dropFirst(2).dropLast().map { String($0.prefix(17)) } == ["case-MNG-2026-002", "case-PRY-2026-001"])
        #expect(lines(page.stdout).last == "cases 2-3 of 4; 1 more (--offset 3)")
        let last = try suivi(["cases", "list", "--offset", "3", "--json"])
        #expect(try JSONParser.parse(last.stdout).arrayValue?.map { $0["caseId"] } == ["case-TGO-2026-001"])
        #expect(last.stderr.isEmpty, "nothing more to say: \(last.stderr)")
        let cut = try suivi(["cases", "list", "--limit", "3", "--json"])
        #expect(try JSONParser.parse(cut.stdout).arrayValue?.count == 3)
        #expect(cut.stderr == "suivi: cases 1-3 of 4; 1 more (--offset 3)\n")
        let past = try suivi(["cases", "list", "--offset", "10"])
        #expect(past.status == 0 && past.stdout == "no cases from --offset 10; 4 in all\n", "\(past.stdout)")
        #expect(try suivi(["cases", "list", "--state", "PRY"]).stdout.hasSuffix("\n1 case\n"))
        let refused = try suivi(["cases", "list", "--offset=-1"])
        #expect(refused.status == 2 && lines(refused.stderr).count == 1, "\(refused.stderr)")
    }

    func checkStateReport(_ suivi: (([String]) throws -> Run), scope: TestStack.Scope) throws {
        let report = try suivi(["state", "report", "TGO"])
        #expect(report.status == 0, "\(report.stderr)")
        let text = lines(report.stdout)
        #expect(text.first == "State TGO")
        #expect(["== Cases", "== Consents", "== Decisions", "== Activities"].allSatisfy(text.contains))
        #expect(text.filter { $0 == "1 row" }.count == 2, "one case and one consent: \(text)")
        #expect(text.contains("2 rows") && text.contains("3 rows"), "two decisions, three activities")
        #expect(!report.stdout.contains("act-TGO-03"), "the rejected activity is not an activity")

        let sliced = lines(try suivi(["state", "report", "TGO", "--limit", "1"]).stdout)
        #expect(sliced.contains("Rows 1–1 of 3 (2 more)") && sliced.contains("Next rows: --offset 1"), "\(sliced)")
        let past = lines(try suivi(["state", "report", "TGO", "--offset", "1"]).stdout)
        #expect(past.contains("Nothing from row 2: the list has 1 row."), "\(past)")

        let json = try suivi(["state", "report", "TGO", "--limit", "1", "--offset", "1", "--json"])
        #expect(json.status == 0)
        let page = try JSONParser.parse(json.stdout)
        #expect(page["state"] == "TGO")
        let activities = page["sections"]?["activities"]
        #expect(activities?["total"] == 3 && activities?["offset"] == 1)
        #expect(activities?["rows"]?.arrayValue?.map { $0["activityId"] } == ["act-TGO-01-c1"])
        #expect(activities?["rows"]?.arrayValue?.first?["corrects"] == "act-TGO-01")
        #expect(page["sections"]?["cases"]?["total"] == 1 && page["sections"]?["cases"]?["rows"] == [])

        let june = try JSONParser.parse(try suivi(["state", "report", "TGO", "--from", "2026-06-01", "--to", "2026-06-30", "--json"]).stdout)
        #expect(june["from"] == "2026-06-01" && june["to"] == "2026-06-30")
        #expect(june["sections"]?["activities"]?["rows"]?.arrayValue?.map { $0["activityId"] } == ["act-TGO-02"])
        #expect(june["sections"]?["decisions"]?["total"] == 0)

        // As things stood on 1 March (occurred): approved, consent valid, no activity yet. As the system
        // knew it (recorded) on that day: nothing, since the scenario was recorded today.
        let stood = try JSONParser.parse(try suivi(["state", "report", "TGO", "--as-of", "2026-03-01", "--by", "occurred", "--json"]).stdout)
        #expect(stood["asOf"] == "2026-03-01T23:59:59.999999Z" && stood["comparedWith"] == "occurredAt")
        let folded = stood["sections"]?["cases"]?["rows"]?.arrayValue?.first
        #expect(folded?["existed"] == true && folded?["status"] == "active" && folded?["version"] == 3 && folded?["approvals"] == 1)
        #expect(stood["sections"]?["consents"]?["rows"]?.arrayValue?.first?["validAtThatTime"] == true)
        #expect(stood["sections"]?["activities"]?["total"] == 0)
        let known = try JSONParser.parse(try suivi(["state", "report", "TGO", "--as-of", "2026-03-01", "--json"]).stdout)
        #expect(known["comparedWith"] == "recordedAt")
        #expect(known["sections"]?["cases"]?["rows"]?.arrayValue?.first?["existed"] == false)

        let french = try WorkerProcess.run(
            "suivi", ["state", "report", "TGO"], environment: scope.environment.merging(["SUIVI_LANG": "fr"]) { $1 })
        #expect(lines(french.stdout).first == "État TGO")
        #expect(lines(french.stdout).contains("1 ligne") && lines(french.stdout).contains("3 lignes"), "\(french.stdout)")

        let csv = try suivi(["state", "report", "TGO", "--csv"])
        #expect(csv.status == 0)
        #expect(csv.stdout.hasPrefix("caseId,status,provider,purpose,requestedAt,currentConsentId,lastEventAt\r\n"))
        #expect(csv.stdout.hasSuffix("\r\n") && !csv.stdout.hasSuffix("\r\n\n"), "no blank line at the end")
        #expect(csv.stdout.split(separator: "\r\n").count == 2)
        let activitiesCSV = try suivi(["state", "report", "TGO", "--csv", "--table", "activities"])
        #expect(activitiesCSV.stdout.split(separator: "\r\n").count == 4, "a header and three activities")

        let path = NSTemporaryDirectory() + "suivi-state-report-\(UInt32.random(in: 0...UInt32.max)).html"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let html = try suivi(["state", "report", "TGO", "--html", path])
        #expect(html.status == 0 && html.stdout == "wrote \(path)\n")
        let written = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        #expect(written.hasPrefix("<!DOCTYPE html>") && written.contains("<html lang=\"en\""))
        #expect(written.contains("<caption>3 rows</caption>") && written.contains("case-TGO-2026-001"))

        // The per-case report: English by default, French with --lang fr, every label from the catalogue.
        let english = try suivi(["audit", "report", "case-TGO-2026-001", "--html", path])
        #expect(english.status == 0 && english.stdout.hasPrefix("wrote \(path): verified: 10 events"), "\(english.stdout)")
        let englishPage = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        #expect(englishPage.contains("<html lang=\"en\"") && englishPage.contains("Hash chain verified: 10 events"))
        #expect(englishPage.contains("<h2>Commands and outcomes</h2>") && !englishPage.contains("⟦"))
        let frenchReport = try suivi(["audit", "report", "case-TGO-2026-001", "--html", path, "--lang", "fr"])
        #expect(frenchReport.status == 0, "\(frenchReport.stderr)")
        let frenchPage = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        #expect(frenchPage.contains("<html lang=\"fr\"") && frenchPage.contains("Chaîne de hachage vérifiée : 10 événements"))
        #expect(frenchPage.contains("<h2>Commandes et résultats</h2>") && frenchPage.contains(">Évaluation des besoins</span>"))
        #expect(frenchPage.contains("invoquant le consentement consent-TGO-2026-01"))
        for label in ["Hash chain", "Commands and outcomes", "Timeline", "consent validity", "case events", "rejected RecordActivity", "⟦"] {
            #expect(!frenchPage.contains(label), "the French report shows \(label)")
        }
        #expect(try suivi(["audit", "report", "case-TGO-2026-001", "--html", path, "--lang", "de"]).status == 2)

        for (arguments, status) in [
            (["state", "report", "ZZZ"], 1), (["state", "report", "tgo"], 2), (["state", "report", "TGO", "--from", "2026-13-01"], 2),
            (["state", "report", "TGO", "--as-of", "yesterday"], 2), (["state", "report", "TGO", "--as-of", "2026-03-01", "--by", "sometime"], 2),
            (["state", "report", "TGO", "--csv", "--json"], 2), (["state", "report", "TGO", "--limit", "0"], 2),
            (["state", "report", "TGO", "--csv", "--table", "nothing"], 2),
        ] as [([String], Int32)] {
            let refused = try suivi(arguments)
            #expect(refused.status == status, "\(arguments): \(refused.status) \(refused.stderr)")
            #expect(lines(refused.stderr).count == 1 && refused.stdout.isEmpty, "\(arguments): \(refused.stderr)")
        }
    }

    func checkAsOf(_ suivi: (([String]) throws -> Run)) throws {
        let grulac = "rc-latin-american-and-caribbean-states"
        let cancelled = try suivi(["audit", "as-of", "2020-03-20", grulac, "--by", "occurred", "--json"])
        #expect(cancelled.status == 0, "\(cancelled.stderr)")
        let consultation = try JSONParser.parse(cancelled.stdout)
        #expect(consultation["kind"] == "RegionalConsultation" && consultation["streamId"] == .string(grulac))
        #expect(consultation["status"] == "cancelled" && consultation["version"] == 2)
        #expect(consultation["asOf"] == "2020-03-20T23:59:59.999999Z" && consultation["comparedWith"] == "occurredAt")
        #expect(consultation["events"]?.arrayValue?.map { $0["commandId"] } == ["rc-grulac-sched", "rc-grulac-cancel"])
        let text = try suivi(["audit", "as-of", "2020-03-20", grulac, "--by", "occurred"])
        #expect(text.status == 0 && lines(text.stdout).first?.hasSuffix(": 2 events") == true, "\(text.stdout)")
        #expect(text.stdout.contains("status        cancelled"))

        let deferred = try JSONParser.parse(try suivi(["audit", "as-of", "2021-06-30", "report-hrc47-nmirf", "--by", "occurred", "--json"]).stdout)
        #expect(deferred["kind"] == "MandatedReport" && deferred["status"] == "drafting" && deferred["version"] == 4)
        #expect(deferred["dueSession"] == 48 && deferred["sessionHistory"] == [47, 48])
        #expect(deferred["waivers"]?[grulac]?.stringValue?.isEmpty == false)
        let presented = try JSONParser.parse(try suivi(["audit", "as-of", "2999-01-01", "report-hrc47-nmirf", "--json"]).stdout)
        #expect(presented["status"] == "presented" && presented["version"] == 6 && presented["comparedWith"] == "recordedAt")

        // Not known by then, or unknown: exit 1. Malformed: exit 2. One line on standard error each time.
        for (arguments, status) in [
            (["audit", "as-of", "2020-03-20", grulac], 1),  // recorded today, not in 2020
            (["audit", "as-of", "2019-01-01", "report-hrc47-nmirf", "--by", "occurred"], 1),
            (["audit", "as-of", "2021-06-30", "rc-nowhere", "--by", "occurred"], 1),
            (["audit", "as-of", "2026-02-31", "report-hrc47-nmirf"], 2),
            (["audit", "as-of", "2021-06-30", "report-hrc47-nmirf", "--by", "whenever"], 2),
        ] as [([String], Int32)] {
            let refused = try suivi(arguments)
            #expect(refused.status == status, "\(arguments): \(refused.status) \(refused.stderr)")
            #expect(lines(refused.stderr).count == 1 && refused.stdout.isEmpty, "\(arguments): \(refused.stderr)")
        }
    }

    func lines(_ text: String) -> [String] { text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).dropLastIfEmpty }
}

extension Array where Element == String {
    fileprivate var dropLastIfEmpty: [String] { last == "" ? Array(dropLast()) : self }
}
