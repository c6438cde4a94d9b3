import ArgumentParser
import SuiviApp
import SuiviOperations
import SuiviDomain

struct TopicsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topics",
        abstract: "Create the four topics when missing, with the configured replication and retention; or check them.",
        discussion: """
            Creates missing topics with SUIVI_PARTITIONS partitions, SUIVI_REPLICATION_FACTOR replicas, \
            SUIVI_MIN_INSYNC_REPLICAS, the events topic kept forever and the others' retention from \
            SUIVI_COMMANDS_RETENTION_MS, SUIVI_OUTCOMES_RETENTION_MS, SUIVI_DEADLETTERS_RETENTION_MS. Existing \
            topics are left as they are. Exit 78 when the events topic deletes old events (unless \
            SUIVI_ALLOW_FINITE_EVENTS_RETENTION=true).

            --check creates nothing: it prints each topic's partitions, replication factor and retention and \
            exits 4 when any differs from the configuration (each difference on its own line on stderr).
            """)

    @Flag(help: "Describe the topics and compare them with the configuration; create nothing.")
    var check = false

    @Flag(help: "Print JSON for scripts (with --check).")
    var json = false

    func run() async throws {
        let context = CLIContext.load()
        guard check else {
            CLIContext.reporting { try Connections.ensureTopics(context.configuration, logger: context.logger) }
            print("topics ready: \(context.configuration.topics.all.joined(separator: ", "))")
            return
        }
        let rows = CLIContext.reporting { try TopicCheck.describe(context.configuration, logger: context.logger) }
        if json {
            print(Self.json(rows).prettyText())
        } else {
            print(TextTable(
                headers: ["TOPIC", "PARTITIONS", "REPLICATION", "RETENTION.MS", "RETENTION.BYTES", "MIN.ISR", "STATUS"],
                rows: rows.map { row in
                    let topic = row.description
                    return [
                        row.name, topic.map { String($0.partitions) } ?? "-", topic.map { String($0.replicationFactor) } ?? "-",
                        topic?.configs["retention.ms"] ?? "?", topic?.configs["retention.bytes"] ?? "?",
                        topic?.configs["min.insync.replicas"] ?? "?", row.mismatches.isEmpty ? "ok" : "MISMATCH",
                    ]
                }).rendered)
        }
        let mismatches = rows.flatMap(\.mismatches)
        for mismatch in mismatches { CLIContext.eprint("suivi: topic mismatch: \(mismatch)") }
        if !mismatches.isEmpty { throw ExitCode(Failure.ExitCode.checkFailed.rawValue) }
    }

    static func json(_ rows: [TopicCheck.Row]) -> JSON {
        .object([
            "ok": .bool(rows.allSatisfy(\.mismatches.isEmpty)),
            "topics": .array(rows.map { row in
                var members: [String: JSON] = ["name": .string(row.name), "exists": .bool(row.description != nil)]
                if let topic = row.description {
                    members["partitions"] = .number(String(topic.partitions))
                    members["replicationFactor"] = .number(String(topic.replicationFactor))
                    members["configsDescribed"] = .bool(topic.configsDescribed)
                    members["configs"] = .object(topic.configs.filter {
                        ["retention.ms", "retention.bytes", "min.insync.replicas", "cleanup.policy"].contains($0.key)
                    }.mapValues { JSON.string($0) })
                }
                members["mismatches"] = .array(row.mismatches.map { mismatch in
                    .object([
                        "setting": .string(mismatch.setting), "expected": .string(mismatch.expected),
                        "actual": .string(mismatch.actual),
                    ])
                })
                return .object(members)
            }),
        ])
    }
}
