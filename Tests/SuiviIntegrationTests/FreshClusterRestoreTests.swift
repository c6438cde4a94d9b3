import Foundation
import SuiviApp
import SuiviKafka
import SuiviPostgres
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// ops/RUNBOOK.md, "Restore onto a fresh cluster": a dump of a production-shaped database (one login per
/// job) restored onto a new PostgreSQL cluster that has no Suivi role at all, then the procedure's steps,
/// ending with both workers running and `suivi audit verify` passing.
@Suite("Restore onto a fresh cluster", .serialized)
struct FreshClusterRestoreTests {
    static let pgBin = "/usr/lib/postgresql/15/bin"

    /// A private PostgreSQL cluster under /tmp (parents 0755, so the `suivi` OS user reaches it) on a free
    /// loopback port, its bootstrap superuser `postgres`; stopped and deleted by ``stop()``.
    struct Cluster {
        let directory: String
        let port: Int

        static func start() throws -> Cluster {
            let directory = "/tmp/suivi-fresh-\(UInt32.random(in: 0...UInt32.max))"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
            let port = try freePort()
            let asSuivi = ["-u", "suivi", "--"]
            #expect(chown(directory, uid("suivi"), gid("suivi")) == 0)
            let initdb = try LoginStack.script("/usr/sbin/runuser", asSuivi + [
                "\(pgBin)/initdb", "-D", "\(directory)/data", "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync",
            ], environment: [:])
            guard initdb.status == 0 else { throw RequirementFailed(description: "initdb: \(initdb.output)") }
            let start = try LoginStack.script("/usr/sbin/runuser", asSuivi + [
                "\(pgBin)/pg_ctl", "-D", "\(directory)/data", "-l", "\(directory)/postgres.log", "-w", "-t", "30",
                "-o", "-p \(port) -k \(directory) -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=32MB", "start",
            ], environment: [:])
            guard start.status == 0 else { throw RequirementFailed(description: "pg_ctl start: \(start.output)") }
            return Cluster(directory: directory, port: port)
        }

        func stop() {
            _ = try? LoginStack.script("/usr/sbin/runuser", ["-u", "suivi", "--",
                "\(pgBin)/pg_ctl", "-D", "\(directory)/data", "-m", "immediate", "-w", "stop"], environment: [:])
            try? FileManager.default.removeItem(atPath: directory)
        }

        static func uid(_ name: String) -> uid_t { getpwnam(name)?.pointee.pw_uid ?? 0 }
        static func gid(_ name: String) -> gid_t { getpwnam(name)?.pointee.pw_gid ?? 0 }

        /// A loopback TCP port nobody listens on (bound and released at once).
        static func freePort() throws -> Int {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
            }
            guard bound else { throw RequirementFailed(description: "no free loopback port") }
            return Int(UInt16(bigEndian: address.sin_port))
        }
    }

    static func publish(_ range: Range<Int>, _ stack: LoginStack) async throws {
        let configuration = try SuiviConfiguration.load(from: Environment(overrides: stack.environment("decider")))
        let producer = try KafkaProducer(configuration: configuration.kafka(clientID: "suivi-tests"), logger: TestStack.logger)
        _ = try await producer.send(range.map { index in
            let envelope = SampleCommands.requestAssistance(case: "case-fresh-\(index)", id: "cmd-fresh-\(index)")
            return OutgoingMessage(topic: stack.topics.commands, key: Array(envelope.subject.utf8), value: SampleCommands.bytes(envelope))
        })
        producer.close()
    }

    static func count(_ connection: PostgresConnection, _ sql: String) throws -> Int64 {
        try connection.query(PostgresQuery(sql: sql))[0].int("n")
    }

    @Test(.timeLimit(.minutes(4))) func aDumpRestoredOntoAClusterWithoutSuiviRolesRunsAndVerifies() async throws {
        let prefix = "it_\(UInt32.random(in: 0...UInt32.max))"
        // The source: the local stack's cluster, set up as in production.
        let source = try LoginStack.local(prefix: prefix)
        defer { source.drop() }
        #expect(try source.createLogins().status == 0)
        #expect(try WorkerProcess.run("suivi", ["migrate"], environment: source.environment("owner")).status == 0)
        #expect(try WorkerProcess.run("suivi", ["topics"], environment: source.environment("operator")).status == 0)
        try await Self.publish(0..<30, source)
        var decider = try WorkerProcess("suivi-decider", environment: source.environment("decider"))
        var projector = try WorkerProcess("suivi-projector", environment: source.environment("projector"))
        let sourceAuditor = try source.connect("auditor")
        try await TestStack.eventually("30 cases projected", timeout: .seconds(90)) {
            try Self.count(sourceAuditor, "SELECT count(*) AS n FROM suivi_read.cases") == 30
        }
        sourceAuditor.close()
        #expect(decider.stop() == 0)
        #expect(projector.stop() == 0)

        // Runbook step 1: the dump, with the owner login.
        let dump = NSTemporaryDirectory() + "\(prefix).dump"
        defer { try? FileManager.default.removeItem(atPath: dump) }
        let dumped = try LoginStack.script("\(Self.pgBin)/pg_dump", ["-Fc", "-f", dump, source.url("owner")], environment: [:])
        #expect(dumped.status == 0, "pg_dump: \(dumped.output)")
        // Commands keep coming while the old cluster is lost: the restored store must decide them again.
        try await Self.publish(30..<40, source)

        // A new cluster with no Suivi role.
        let cluster = try Cluster.start()
        defer { cluster.stop() }
        let target = try LoginStack(prefix: prefix, host: "127.0.0.1", port: cluster.port, admin: "postgres")
        let fresh = try target.adminConnection()
        #expect(try Self.count(fresh, "SELECT count(*) AS n FROM pg_roles WHERE rolname LIKE 'suivi%' OR rolname LIKE '\(prefix)%'") == 0)
        fresh.close()

        // Step 2: the logins (and the group roles), then the restore as the owner, then migrate.
        let logins = try target.createLogins()
        #expect(logins.status == 0, "create-logins.sh on the new cluster: \(logins.output)")
        let restored = try LoginStack.script(
            "\(Self.pgBin)/pg_restore", ["--exit-on-error", "--single-transaction", "-d", target.url("owner"), dump], environment: [:])
        #expect(restored.status == 0, "pg_restore: \(restored.output)")
        let migrate = try WorkerProcess.run("suivi", ["migrate"], environment: target.environment("owner"))
        #expect(migrate.status == 0, "\(migrate.stderr)")

        // Steps 3-5: deciders until the commands topic is decided, a rebuild by the operator, projectors,
        // then the checks.
        decider = try WorkerProcess("suivi-decider", environment: target.environment("decider"))
        defer { decider.stop() }
        let auditor = try target.connect("auditor")
        defer { auditor.close() }
        try await TestStack.eventually("the 10 later commands decided on the restored store", timeout: .seconds(90)) {
            try Self.count(auditor, "SELECT count(*) AS n FROM suivi.outcomes WHERE status = 'accepted'") == 40
        }
        let rebuild = try WorkerProcess.run("suivi", ["rebuild"], environment: target.environment("operator"), timeout: 120)
        #expect(rebuild.status == 0, "rebuild: \(rebuild.stderr)")
        projector = try WorkerProcess("suivi-projector", environment: target.environment("projector"))
        defer { projector.stop() }
        try await TestStack.eventually("lag 0 and 40 cases after the restore", timeout: .seconds(90)) {
            try Self.count(auditor, "SELECT count(*) AS n FROM suivi_read.cases") == 40
                && WorkerProcess.run("suivi", ["status", "--max-lag", "0", "--require-workers"], environment: target.environment("auditor")).status == 0
        }
        let audit = try WorkerProcess.run("suivi", ["audit", "verify"], environment: target.environment("auditor"), timeout: 120)
        #expect(audit.status == 0, "audit verify: \(audit.stdout)\(audit.stderr)")
        let verify = try WorkerProcess.run("suivi", ["rebuild", "--verify"], environment: target.environment("operator"), timeout: 120)
        #expect(verify.status == 0, "rebuild --verify: \(verify.stdout)\(verify.stderr)")
        #expect(decider.process.isRunning && projector.process.isRunning, "workers running at the end")
    }
}
