import Foundation
import SuiviApp
import SuiviDomain
import SuiviPostgres
import SuiviStore

/// The invariants, each one recorded with what was found.
struct Checks {
    private(set) var lines: [String] = []
    private(set) var passed = 0
    private(set) var failed: [String] = []

    mutating func check(_ what: String, _ holds: Bool, _ detail: @autoclosure () -> String = "") {
        if holds {
            passed += 1
            lines.append("ok    \(what)")
        } else {
            failed.append(what)
            lines.append("FAIL  \(what): \(detail())")
        }
    }

    private static func count(_ connection: PostgresConnection, _ sql: String) throws -> Int64 {
        try connection.query(PostgresQuery(sql: sql))[0].int("n")
    }

    /// The store and the read models against the in-memory decision of the stream.
    mutating func endState(
        _ db: PostgresConnection, configuration: SuiviConfiguration, expected: Workload.Expected, workload: Workload
    ) throws {
        // Outcomes: exactly one per distinct command id.
        let rows = try db.query(
            "SELECT command_id, status, reasons::text AS reasons, event_ids::text AS event_ids FROM suivi.outcomes")
        var stored: [String: (status: String, codes: [String], eventIDs: [String])] = [:]
        var repeated = 0
        for row in rows.rows {
            let id = row["command_id"] ?? ""
            if stored[id] != nil { repeated += 1 }
            let reasons = (try? JSONParser.parse(row["reasons"] ?? "[]"))?.arrayValue ?? []
            let ids = (row["event_ids"] ?? "{}").trimmingCharacters(in: CharacterSet(charactersIn: "{}"))
                .split(separator: ",").map { $0.lowercased() }
            stored[id] = (row["status"] ?? "", reasons.compactMap { $0["code"]?.stringValue }.sorted(), ids)
        }
        check(
            "every distinct command id has exactly one outcome (\(workload.uniqueIDs))",
            rows.count == workload.uniqueIDs && stored.count == workload.uniqueIDs && repeated == 0,
            "\(rows.count) outcome rows, \(stored.count) ids, \(repeated) repeated")
        check(
            "no outcome for a command that was never published", Set(stored.keys) == Set(expected.outcomes.keys),
            "\(Set(stored.keys).subtracting(expected.outcomes.keys).count) unexpected, \(Set(expected.outcomes.keys).subtracting(stored.keys).count) missing"
        )

        // Each outcome as the in-memory decision in publish order has it, those that read other streams'
        // partitions included (causal order across aggregates).
        var differing: [String] = []
        var compared = 0
        for (id, outcome) in expected.outcomes {
            compared += 1
            guard let found = stored[id] else { continue }
            let codes = outcome.reasons.map(\.code.rawValue).sorted()
            if found.status != outcome.status.rawValue || found.codes != codes
                || found.eventIDs != outcome.eventIDs.map({ $0.lowercased() })
            {
                differing.append("\(id): \(found.status) \(found.codes) vs \(outcome.status.rawValue) \(codes)")
            }
        }
        check(
            "\(compared) outcomes equal the in-memory decision (status, reason codes, event ids)", differing.isEmpty,
            "\(differing.count) differ, e.g. \(differing.prefix(3))")

        // Events: each accepted command's events exactly once.
        var perCommand: [String: Int] = [:]
        for row in try db.query("SELECT command_id, count(*) AS n FROM suivi.events GROUP BY command_id").rows {
            perCommand[row["command_id"] ?? ""] = Int(try row.int("n"))
        }
        let wrong = stored.filter { id, outcome in (perCommand[id] ?? 0) != outcome.eventIDs.count }
        let orphans = perCommand.keys.filter { stored[$0] == nil }
        check(
            "every accepted command's events stored exactly once, none for a rejected one",
            wrong.isEmpty && orphans.isEmpty,
            "\(wrong.count) commands with the wrong number of events, \(orphans.count) events without an outcome")
        let events = try Self.count(db, "SELECT count(*) AS n FROM suivi.events")
        let inOutcomes = stored.values.reduce(0) { $0 + $1.eventIDs.count }
        check("events stored (\(events)) = events named by the outcomes (\(inOutcomes))", events == Int64(inOutcomes))
        let expectedEvents = expected.events.values.reduce(0) { $0 + $1.count }
        check("events stored (\(events)) = in-memory decision (\(expectedEvents))", events == Int64(expectedEvents))
        let crossAccepted = expected.crossStream.filter { stored[$0]?.status == "accepted" }.count
        let crossExpected = expected.crossStream.filter { expected.outcomes[$0]?.status == .accepted }.count
        check(
            "cross-partition report submissions as publish order decides them (\(crossAccepted) accepted of \(expected.crossStream.count), \(crossExpected) expected)",
            crossAccepted == crossExpected && expected.crossStream.allSatisfy { stored[$0] != nil })
        check(
            "no command left held", try Self.count(db, "SELECT count(*) AS n FROM suivi.held_commands") == 0)
        check(
            "event ids unique",
            try Self.count(db, "SELECT count(*) - count(DISTINCT event_id) AS n FROM suivi.events") == 0)
        check(
            "every stream's versions are 1...n without gap or repeat",
            try Self.count(
                db,
                "SELECT count(*) AS n FROM (SELECT stream_id FROM suivi.events GROUP BY stream_id HAVING min(version) <> 1 OR max(version) <> count(*) OR count(DISTINCT version) <> count(*)) s"
            ) == 0)
        check(
            "no dead letters (every command was valid)",
            try Self.count(db, "SELECT count(*) AS n FROM suivi.dead_letters") == 0)

        // Read models: every event applied exactly once.
        let stats = try ReadModelStore(connection: db).stats(group: configuration.projectorGroup)
        check(
            "every event applied exactly once: projection_stats applied (\(stats.applied)) = events (\(events)); \(stats.skipped) redeliveries skipped",
            Int64(stats.applied) == events)
        check(
            "read-model stream versions = stream lengths in the store",
            try Self.count(
                db,
                """
                SELECT count(*) AS n FROM (SELECT stream_id, max(version) AS v FROM suivi.events GROUP BY stream_id) e
                FULL JOIN suivi_read.stream_versions s USING (stream_id) WHERE e.v IS DISTINCT FROM s.version
                """) == 0)
        check(
            "decider offsets cover every published command",
            try EventStore(connection: db).offsets(
                group: configuration.deciderGroup, topic: configuration.topics.commands
            ).values.reduce(0, +)
                == Int64(workload.messages.count))
    }

    /// The signed checkpoints against the store (issue 16): one chain signed by the run's key, covering every
    /// stored event exactly once, and all of it on the checkpoints topic.
    mutating func checkpoints(_ db: PostgresConnection, key: AuditSigningKey) throws {
        let store = CheckpointStore(connection: db)
        let checkpoints = try store.checkpoints()
        let chain = CheckpointVerifier(checkpoints: checkpoints, expectedSigner: key.publicKey)
        check(
            "the checkpoints form one chain signed by the deciders' key (\(checkpoints.count) checkpoints)",
            chain.chainFailure == nil && !checkpoints.isEmpty, "\(chain.chainFailure.map(String.init(describing:)) ?? "no checkpoint")")
        // Each event in exactly one checkpoint's range, and each range holding exactly its count.
        let coverage = try db.query("""
            SELECT count(*) FILTER (WHERE n = 1) AS once, count(*) FILTER (WHERE n <> 1) AS other, count(*) AS events
            FROM (SELECT e.position, count(c.sequence) AS n FROM suivi.events e
                  LEFT JOIN suivi.checkpoints c ON e.position > c.after_position AND e.position <= c.last_position
                  GROUP BY e.position) t
            """)[0]
        let counted = checkpoints.map(\.statement.eventCount).reduce(0, +)
        let events = try coverage.int("events")
        let once = try coverage.int("once")
        let other = try coverage.int("other")
        check(
            "the checkpoints cover every event exactly once (\(events) events, \(counted) in the checkpoints' counts)",
            once == events && other == 0 && Int64(counted) == events, "\(once) covered once, \(other) not once")
        let published = try store.publishedUpTo()
        check(
            "the checkpoints topic carries every checkpoint",
            published == (checkpoints.last?.statement.sequence ?? 0), "published up to \(published)")
    }

    /// Runs the CLI and checks that it exits 0.
    mutating func cli(_ what: String, _ arguments: [String]) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Faults.binDirectory + "/suivi")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        do {
            try process.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            check(what, process.terminationStatus == 0, "exit \(process.terminationStatus): \(text.suffix(400))")
        } catch {
            check(what, false, "\(error)")
        }
    }
}
