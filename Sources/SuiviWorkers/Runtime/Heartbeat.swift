import Logging
import SuiviDomain
import SuiviPostgres
import SuiviStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a worker's heartbeat at most every few seconds, from its loop; a failure to write one is
/// logged and never stops the worker.
struct Heartbeat {
    private var beat: WorkerHeartbeat
    private var lastWritten: Timestamp = Timestamp(microseconds: 0)
    private let interval: Int64 = 5_000_000

    init(worker: String, group: String) {
        var name = [CChar](repeating: 0, count: 256)
        gethostname(&name, name.count - 1)
        let host = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let pid = getpid()
        beat = WorkerHeartbeat(
            worker: worker, instance: "\(host)-\(pid)", group: group, host: host, pid: pid, startedAt: SystemClock.now(),
            lastSeen: SystemClock.now(), lastMessageAt: nil, processed: 0, partitions: [])
    }

    mutating func processed(_ count: Int) {
        beat.processed += Int64(count)
        beat.lastMessageAt = SystemClock.now()
    }

    mutating func assigned(_ partitions: [Int32]) { beat.partitions = partitions.sorted() }

    /// Writes the heartbeat when the interval has passed (or when `force`).
    mutating func tick(_ connection: PostgresConnection, logger: Logger, force: Bool = false) {
        let now = SystemClock.now()
        guard force || now.microseconds - lastWritten.microseconds >= interval else { return }
        do {
            try beat.save(connection)
            lastWritten = now
        } catch {
            logger.warning("could not write the heartbeat", metadata: ["error": "\(error)"])
        }
    }

    func remove(_ connection: PostgresConnection) { try? beat.remove(connection) }
}
