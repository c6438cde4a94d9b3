import Foundation
import Logging
import SuiviApp
import SuiviPostgres
import SuiviStore

/// Progress read from PostgreSQL with a fresh connection each time, so that it survives a restart;
/// nil while the database cannot be reached.
final class Probe {
    let configuration: SuiviConfiguration
    let logger: Logger
    private var lastEvents: Int64 = -1
    private var since = ContinuousClock.now

    init(configuration: SuiviConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    private func read<T>(_ body: (PostgresConnection) throws -> T) -> T? {
        // Bounded: a probe must not hang while PostgreSQL restarts.
        let url =
            configuration.databaseURL + (configuration.databaseURL.contains("?") ? "&" : "?")
            + "connect_timeout=3&options=-c%20statement_timeout%3D10000"
        guard
            let connection = try? PostgresConnection(
                connectionString: url, applicationName: "suivi-faults", logger: logger)
        else { return nil }
        defer { connection.close() }
        return try? body(connection)
    }

    /// Commands consumed by the decider group (offsets are consecutive from 0, so their sum).
    func consumed() -> Int64? {
        read {
            try EventStore(connection: $0).offsets(
                group: configuration.deciderGroup, topic: configuration.topics.commands
            ).values.reduce(0, +)
        }
    }

    /// Commands the deciders still hold (they are consumed, but not yet decided).
    func held() -> Int64? { read { try $0.query("SELECT count(*) AS n FROM suivi.held_commands")[0].int("n") } }

    func events() -> Int64? { read { try $0.query("SELECT count(*) AS n FROM suivi.events")[0].int("n") } }

    func applied() -> Int64? {
        read { Int64(try ReadModelStore(connection: $0).stats(group: configuration.projectorGroup).applied) }
    }

    /// Whether the last checkpoint covers the ledger head, and the checkpoints topic carries it.
    func checkpointsCoverTheLedger() -> Bool {
        read { connection in
            let store = CheckpointStore(connection: connection)
            let head = try store.ledgerHead()?.position ?? 0
            guard let last = try store.latest() else { return head == 0 }
            let published = try store.publishedUpTo()
            return last.statement.lastPosition >= head && published >= last.statement.sequence
        } ?? false
    }

    /// Whether the event count has stayed at `events` for this long.
    func settledFor(seconds: Int, events: Int64) -> Bool {
        if events != lastEvents {
            lastEvents = events
            since = .now
        }
        return ContinuousClock.now - since >= .seconds(seconds)
    }
}
