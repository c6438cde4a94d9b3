import Foundation
import SuiviConsole
import SuiviDomain
import SuiviPostgres
import SuiviStore
import Testing

/// The console's routes against the real PostgreSQL, connected as `suivi_auditor` (read-only): every
/// page answers in each format, and each kind of bad input gets its 4xx page, never a 500.
@Suite("Auditors' console routes")
struct ConsoleRouteTests {
    static func handler(_ scope: TestStack.Scope) -> ConsoleHandler {
        let url = scope.databaseURL
        let open: @Sendable () throws -> PostgresConnection = {
            try ConsoleDatabase.auditorConnection(url: url, role: "suivi_auditor", logger: TestStack.logger)
        }
        return ConsoleHandler(
            pages: ConsoleDatabase(label: "test-console-pages", open: open),
            checks: ConsoleDatabase(label: "test-console-checks", open: open), logger: TestStack.logger)
    }

    @Test func everyPageAnswersInEveryFormat() async throws {
        try await TestStack.withScope(partitions: 1) { scope in
            let connection = try scope.connect()
            defer { connection.close() }
            try AuditFixtures.appendChain(connection, stream: "case-console-1", count: 3, state: "TGO")
            try connection.execute("""
                INSERT INTO suivi_read.cases (case_id, state, provider, purpose, capacities, status, requested_at, requested_by,
                    last_event_at, version, last_position)
                VALUES ('case-console-1', 'TGO', 'ohchr-field-presence', 'strengthen', '{coordination}', 'requested',
                    '2026-01-12T09:15:00Z', 'someone', '2026-01-12T09:15:00Z', 3, 3)
                """)
            let handler = Self.handler(scope)
            for target in ["/", "/mandate", "/states", "/states?state=TGO&from=2026-01-01&to=2026-12-31", "/states/TGO",
                           "/states/TGO?asof=2026-03-03&by=occurred", "/states/TGO?asof=2026-03-03T10:00:02Z",
                           "/cases/case-console-1", "/integrity", "/search?q=case-console", "/healthz"] {
                for format in ["html", "json", "csv"] where target != "/healthz" || format == "html" {
                    let separator = target.contains("?") ? "&" : "?"
                    let answer = await handler.respond(ConsoleRequest(target: target + (format == "html" ? "" : "\(separator)format=\(format)")))
                    #expect(answer.status == 200, "\(target) \(format): \(answer.status) \(answer.message ?? "")")
                    if format == "json" && answer.status == 200 { _ = try JSONParser.parse(answer.body) }
                }
            }
            let state = await handler.respond(ConsoleRequest(target: "/states/TGO?format=json"))
            #expect(try JSONParser.parse(state.body)["sections"]?["cases"]?["total"] == 1)
            let search = await handler.respond(ConsoleRequest(target: "/search?q=case-console&format=json"))
            #expect(try JSONParser.parse(search.body)["sections"]?["results"]?["rows"]?.arrayValue?.first?["id"] == "case-console-1")
            // Search matches the start of an id literally: '_' is a character, not LIKE's wildcard.
            let wildcard = await handler.respond(ConsoleRequest(target: "/search?q=case_console&format=json"))
            #expect(wildcard.status == 200)
            #expect(try JSONParser.parse(wildcard.body)["sections"]?["results"]?["rows"]?.arrayValue?.isEmpty ?? true, "\(wildcard.body)")
            let caseHTML = await handler.respond(ConsoleRequest(target: "/cases/case-console-1", acceptLanguage: "fr-FR,fr;q=0.9"))
            #expect(caseHTML.body.contains("<html lang=\"fr\"") && caseHTML.body.contains("Chaîne de hachage vérifiée : 3 événements"))
            // The embedded report speaks the console's language: every label from the French catalogue.
            for english in ["Hash chain", "Commands and outcomes", "Timeline", "Why each decision", "consent validity",
                            "case events", "Events / reasons", "Command time", "class=\"report\" lang=\"en\"", "⟦"] {
                #expect(!caseHTML.body.contains(english), "French case page shows \(english)")
            }
            #expect(caseHTML.body.contains("<h2>Commandes et résultats</h2>") && caseHTML.body.contains("Chronologie"))
            let englishCase = await handler.respond(ConsoleRequest(target: "/cases/case-console-1?lang=en"))
            #expect(englishCase.body.contains("Hash chain verified: 3 events") && englishCase.body.contains("<h2>Commands and outcomes</h2>"))
            #expect(!englishCase.body.contains("⟦"))
            #expect(caseHTML.headers.contains { $0.0 == "Content-Security-Policy" && $0.1.contains("default-src 'none'") })
            let asOf = await handler.respond(ConsoleRequest(target: "/states/TGO?asof=2026-03-03T10:00:02Z&format=json"))
            let folded = try JSONParser.parse(asOf.body)["sections"]?["cases"]?["rows"]?.arrayValue?.first
            #expect(folded?["version"] == 1, "recorded by 10:00:02: only the first of three events (1.23 s apart)")
            let integrity = await handler.respond(ConsoleRequest(target: "/integrity?format=json"))
            #expect(try JSONParser.parse(integrity.body)["sections"]?["store"]?["passed"] == true)
        }
    }

    @Test func theIntegrityPageNamesATamperedCaseAmongSoundOnes() async throws {
        try await TestStack.withScope(partitions: 1) { scope in
            let connection = try scope.connect()
            defer { connection.close() }
            for (index, stream) in ["case-integrity-1", "case-integrity-2", "case-integrity-3"].enumerated() {
                try AuditFixtures.appendChain(connection, stream: stream, count: 3 + index, state: "TGO")
                _ = try connection.query("""
                    INSERT INTO suivi_read.cases (case_id, state, provider, purpose, capacities, status, requested_at, requested_by,
                        last_event_at, version, last_position)
                    VALUES (\(stream), 'TGO', 'ohchr-field-presence', 'strengthen', '{coordination}', 'requested',
                        '2026-01-12T09:15:00Z', 'someone', '2026-01-12T09:15:00Z', \(Int64(3 + index)), 0)
                    """)
            }
            try AuditFixtures.tamper(connection, "UPDATE suivi.events SET actor = 'someone.else' WHERE stream_id = 'case-integrity-2' AND version = 2")
            let answer = await Self.handler(scope).respond(ConsoleRequest(target: "/integrity?recheck=1&format=json"))
            #expect(answer.status == 200, "\(answer.message ?? "")")
            let rows = try JSONParser.parse(answer.body)["sections"]?["cases"]?["rows"]?.arrayValue ?? []
            let byCase = Dictionary(uniqueKeysWithValues: rows.map { ($0["caseId"]?.stringValue ?? "", $0) })
            #expect(byCase["case-integrity-1"]?["passed"] == true && byCase["case-integrity-1"]?["events"] == 3)
            #expect(byCase["case-integrity-3"]?["passed"] == true && byCase["case-integrity-3"]?["events"] == 5)
            #expect(byCase["case-integrity-2"]?["passed"] == false, "\(rows)")
            #expect(byCase["case-integrity-2"]?["failure"]?.stringValue?.contains("version 2") == true, "\(rows)")
            #expect(try JSONParser.parse(answer.body)["sections"]?["store"]?["passed"] == false)
        }
    }

    /// A case's check is shown again on the next views (with the time it was taken) until the case has a new
    /// event, which gets it checked again; "check again" checks every case of the page now.
    @Test func theIntegrityPageChecksACaseAgainAfterItsNextEvent() async throws {
        try await TestStack.withScope(partitions: 1) { scope in
            let connection = try scope.connect()
            defer { connection.close() }
            for stream in ["case-recheck-1", "case-recheck-2"] {
                try AuditFixtures.appendChain(connection, stream: stream, count: 3, state: "TGO")
                _ = try connection.query("""
                    INSERT INTO suivi_read.cases (case_id, state, provider, purpose, capacities, status, requested_at, requested_by,
                        last_event_at, version, last_position)
                    VALUES (\(stream), 'TGO', 'ohchr-field-presence', 'strengthen', '{coordination}', 'requested',
                        '2026-01-12T09:15:00Z', 'someone', '2026-01-12T09:15:00Z', 3, 3)
                    """)
            }
            let handler = Self.handler(scope)
            func rows(_ target: String) async throws -> [String: JSON] {
                let answer = await handler.respond(ConsoleRequest(target: target))
                #expect(answer.status == 200, "\(answer.message ?? "")")
                let rows = try JSONParser.parse(answer.body)["sections"]?["cases"]?["rows"]?.arrayValue ?? []
                return Dictionary(uniqueKeysWithValues: rows.map { ($0["caseId"]?.stringValue ?? "", $0) })
            }
            let first = try await rows("/integrity?format=json")
            #expect(first["case-recheck-2"]?["passed"] == true && first["case-recheck-2"]?["checkedAt"]?.stringValue != nil)
            try await Task.sleep(for: .milliseconds(5))
            // Altered in place: the next view still shows the earlier check, and says when it was taken...
            try AuditFixtures.tamper(connection, "UPDATE suivi.events SET actor = 'someone.else' WHERE stream_id = 'case-recheck-2' AND version = 2")
            let reused = try await rows("/integrity?format=json")
            #expect(reused["case-recheck-2"]?["checkedAt"] == first["case-recheck-2"]?["checkedAt"])
            // ...until the case's next event (its last position in the read models moves), or "check again".
            _ = try connection.query("UPDATE suivi_read.cases SET last_position = 4 WHERE case_id = 'case-recheck-2'")
            let after = try await rows("/integrity?format=json")
            #expect(after["case-recheck-2"]?["passed"] == false, "\(after)")
            #expect(after["case-recheck-2"]?["checkedAt"] != first["case-recheck-2"]?["checkedAt"])
            #expect(after["case-recheck-1"]?["checkedAt"] == first["case-recheck-1"]?["checkedAt"], "untouched: shown again")
            let rechecked = try await rows("/integrity?recheck=1&format=json")
            #expect(rechecked["case-recheck-1"]?["checkedAt"] != first["case-recheck-1"]?["checkedAt"])
            #expect(rechecked["case-recheck-1"]?["passed"] == true && rechecked["case-recheck-2"]?["passed"] == false)
        }
    }

    @Test func badInputGetsItsOwn4xxPage() async throws {
        try await TestStack.withScope(partitions: 1) { scope in
            let handler = Self.handler(scope)
            let cases: [(String, String, Int)] = [
                ("GET", "/states/ZZZ", 404),  // an unknown State
                ("GET", "/states/tgo", 400),  // a malformed State code
                ("GET", "/states?state=12", 400),
                ("GET", "/states?from=2026-13-01", 400),  // malformed dates
                ("GET", "/states?from=30/06/2026", 400),
                ("GET", "/states?from=2026-06-30&to=2026-01-01", 400),
                ("GET", "/states/TGO?asof=yesterday", 400),
                ("GET", "/states/TGO?by=sometime", 400),
                ("GET", "/search?q=" + String(repeating: "a", count: 2000), 414),  // over-long query string
                ("GET", "/search?q=%27%3B%20DROP%20TABLE%20suivi.events%3B--", 400),  // hostile
                ("GET", "/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", 400),
                ("GET", "/search?q=%FF%FE", 400),
                ("GET", "/search?q=a&q=b", 400),
                ("GET", "/states?colour=blue", 400),
                ("GET", "/states?format=xml", 400),
                ("GET", "/states?limit=0", 400),
                ("GET", "/cases/bad%2Fid", 404),
                ("GET", "/cases/case-XXX-0000-000", 404),
                ("GET", "/cases/-bad", 400),
                ("GET", "/no/such/page", 404),  // paths outside the routes
                ("GET", "/../../etc/passwd", 404),
                ("GET", "/" + String(repeating: "x", count: 600), 414),
                ("POST", "/states", 405),
            ]
            for (method, target, status) in cases {
                let answer = await handler.respond(ConsoleRequest(method: method, target: target))
                #expect(answer.status == status, "\(method) \(target.prefix(60)): \(answer.status) \(answer.message ?? "")")
                #expect(answer.message?.isEmpty == false, "\(target.prefix(60)) says what is wrong")
                #expect(!answer.body.contains("<script>"), "\(target.prefix(60)): input is escaped")
                let json = await handler.respond(ConsoleRequest(method: method, target: target + (target.contains("?") ? "&" : "?") + "format=json"))
                #expect(json.status >= 400 && json.status < 500, "\(target.prefix(60)) as JSON: \(json.status)")
            }
        }
    }

    /// Two requests hold two of the console's connections at once (each waits, on its connection, for the
    /// other to arrive); with one connection the second would wait for the first instead.
    @Test func pagesRunSideBySideOnTheirOwnConnections() async throws {
        try await TestStack.withScope(partitions: 1) { scope in
            let url = scope.databaseURL
            let database = ConsoleDatabase(label: "test-console-pool", connections: 2) {
                try ConsoleDatabase.auditorConnection(url: url, role: "suivi_auditor", logger: TestStack.logger)
            }
            let arrived = (DispatchSemaphore(value: 0), DispatchSemaphore(value: 0))
            func meet(_ mine: DispatchSemaphore, _ other: DispatchSemaphore) async throws -> (pid: Int64, met: Bool) {
                try await database.run { connection in
                    mine.signal()
                    let met = other.wait(timeout: .now() + 10) == .success
                    return (try connection.query("SELECT pg_backend_pid()::bigint AS pid")[0].int("pid"), met)
                }
            }
            async let first = meet(arrived.0, arrived.1)
            async let second = meet(arrived.1, arrived.0)
            let (a, b) = try await (first, second)
            #expect(a.met && b.met, "both requests held a connection at the same time")
            #expect(a.pid != b.pid)
            #expect(database.capacity == 2)
            // A third request after them reuses a connection already open.
            let pid = try await database.run { try $0.query("SELECT pg_backend_pid()::bigint AS pid")[0].int("pid") }
            #expect([a.pid, b.pid].contains(pid))
        }
    }

    @Test func everyLabelIsInEveryCatalogue() {
        let keys = Catalogue.all.map { Set($0.catalogue.keys) }
        let union = keys.reduce(Set<String>()) { $0.union($1) }
        for language in Catalogue.all {
            let missing = union.subtracting(language.catalogue.keys)
            #expect(missing.isEmpty, "\(language.code) lacks \(missing.sorted())")
            #expect(!language.catalogue.values.contains { $0.isEmpty }, "\(language.code) has an empty label")
        }
        #expect(Catalogue.all.count >= 2)
    }

    @Test func languageComesFromTheSwitchThenAcceptLanguage() {
        #expect(Language.negotiate(parameter: nil, acceptLanguage: "fr-CH, fr;q=0.9, en;q=0.8").code == "fr")
        #expect(Language.negotiate(parameter: nil, acceptLanguage: "de-DE, en;q=0.5, fr;q=0.4").code == "en")
        #expect(Language.negotiate(parameter: "en", acceptLanguage: "fr").code == "en")
        #expect(Language.negotiate(parameter: nil, acceptLanguage: nil).code == "en")
    }
}
