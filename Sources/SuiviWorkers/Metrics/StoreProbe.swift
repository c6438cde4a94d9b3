import SuiviApp
import CoreMetrics
internal import Logging
internal import SuiviPostgres
internal import SuiviStore
internal import SuiviThreads
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Samples, on a thread of its own, what the alerts need beyond the worker's own counters: the age of
/// the loop's heartbeat (every 5 s), and from the store (every 15 s, on its own connection) the parked
/// dead letters and whether a rebuild's shadow schema exists. A failed sample is counted and logged at
/// debug level: the worker's processing never waits for it.
final class StoreProbe: Sendable {
    private let stopFlag = StopFlag()

    static let heartbeatEvery: Int64 = 5
    static let storeEvery: Int64 = 15

    /// Starts sampling; `nil` when no thread could be started (logged).
    static func start(_ configuration: SuiviConfiguration, worker: WorkerKind, logger: Logger) -> StoreProbe? {
        let probe = StoreProbe()
        let label = [("worker", worker.rawValue)]
        let heartbeat = Gauge(label: MetricName.heartbeatAge, dimensions: label)
        let parked = Gauge(label: MetricName.parkedDeadLetters, dimensions: label)
        let rebuild = Gauge(label: MetricName.rebuildRunning, dimensions: label)
        let errors = Counter(label: MetricName.storeProbeErrors, dimensions: label)
        let result = DedicatedThread.detach { [stopFlag = probe.stopFlag] in
            // Owned by this thread alone.
            nonisolated(unsafe) var connection: PostgresConnection?
            var tick: Int64 = 0
            while !stopFlag.isStopping {
                if let age = LoopHeartbeat.shared.secondsSinceBeat { heartbeat.record(age) }
                if tick % storeEvery == 0 {
                    do {
                        if connection == nil {
                            connection = try PostgresConnection(
                                connectionString: configuration.databaseURL, applicationName: "suivi-\(worker.rawValue)-probe",
                                password: configuration.databasePassword, logger: logger)
                        }
                        let row = try connection!.query("""
                            SELECT (SELECT count(*) FROM suivi.dead_letters WHERE status = 'parked') AS parked,
                                   (SELECT count(*) FROM pg_namespace WHERE nspname = \(ShadowSchema.name)) AS shadow
                            """)[0]
                        parked.record(try row.int("parked"))
                        rebuild.record(try row.int("shadow") > 0 ? 1 : 0)
                    } catch {
                        errors.increment()
                        connection?.close()
                        connection = nil
                        logger.debug("store sample failed", metadata: ["error": "\(error)"])
                    }
                }
                tick += heartbeatEvery
                var request = timespec(tv_sec: Int(heartbeatEvery), tv_nsec: 0)
                var remaining = timespec()
                while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
            }
            connection?.close()
        }
        guard result == 0 else {
            logger.error("store probe not started; suivi_dead_letters_parked and suivi_rebuild_running stay unset", metadata: [
                "error": "\(result)",
            ])
            return nil
        }
        return probe
    }

    /// Stops sampling after the sleep in hand.
    func stop() { stopFlag.stop() }
}
