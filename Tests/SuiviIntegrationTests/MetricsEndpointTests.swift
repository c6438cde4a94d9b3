import Foundation
import SuiviWorkers
import SuiviDomain
import SuiviKafka
import SuiviStore
import Testing

/// The workers' metrics as an operator scrapes them: the real executables, the real broker and database,
/// and counters checked against what was published.
@Suite("Worker metrics and health endpoints", .serialized)
struct MetricsEndpointTests {
    @Test func countersHistogramsLagAndHealthMatchWhatTheWorkersProcessed() async throws {
        try await TestStack.withScope(partitions: 2) { scope in
            let configuration = try scope.configuration
            let deciderPort = try MetricsScrape.freePort()
            let projectorPort = try MetricsScrape.freePort()
            let decider = try WorkerProcess("suivi-decider", environment: scope.environment.merging(["SUIVI_METRICS_PORT": "\(deciderPort)"]) { $1 })
            let projector = try WorkerProcess("suivi-projector", environment: scope.environment.merging(["SUIVI_METRICS_PORT": "\(projectorPort)"]) { $1 })
            defer { decider.stop(); projector.stop() }

            // Served from the start, every counter at 0, and healthy once the loop polls.
            try await TestStack.eventually("both workers healthy") {
                MetricsScrape.get("/healthz", port: deciderPort)?.status == 200 && MetricsScrape.get("/healthz", port: projectorPort)?.status == 200
            }
            #expect(MetricsScrape.get("/healthz", port: deciderPort)?.body == "ok\n")
            let initial = MetricsScrape.samples(port: deciderPort)
            #expect(initial["suivi_messages_processed_total{worker=\"decider\"}"] == 0)
            #expect(initial["suivi_commands_accepted_total{worker=\"decider\"}"] == 0)

            // First wave: 12 new cases, each accepted.
            let producer = try KafkaProducer(configuration: configuration.kafka(clientID: "suivi-tests"), logger: TestStack.logger)
            defer { producer.close() }
            func message(_ envelope: CommandEnvelope) -> OutgoingMessage {
                OutgoingMessage(topic: configuration.topics.commands, key: Array(envelope.subject.utf8), value: SampleCommands.bytes(envelope))
            }
            let requests = (0..<12).map { SampleCommands.requestAssistance(case: "case-metrics-\($0)", id: "cmd-metrics-\($0)", state: SampleCommands.states[$0 % 8]) }
            _ = try await producer.send(requests.map(message))
            try await TestStack.eventually("the decider counts 12 messages") {
                MetricsScrape.samples(port: deciderPort)["suivi_messages_processed_total{worker=\"decider\"}"] == 12
            }

            // Second wave: a duplicate (reports its original acceptance), an id reused for another payload
            // (rejected), a second request for an existing case (rejected by the rules), and a poison message.
            let duplicate = requests[0]
            let conflict = SampleCommands.requestAssistance(case: "case-metrics-1", id: "cmd-metrics-1", state: "KEN")
            let secondRequest = SampleCommands.requestAssistance(case: "case-metrics-2", id: "cmd-metrics-again")
            _ = try await producer.send([message(duplicate), message(conflict), message(secondRequest),
                OutgoingMessage(topic: configuration.topics.commands, key: Array("case-metrics-3".utf8), value: Array("not json at all".utf8))])
            try await TestStack.eventually("the decider counts 16 messages") {
                MetricsScrape.samples(port: deciderPort)["suivi_messages_processed_total{worker=\"decider\"}"] == 16
            }
            try await TestStack.eventually("the projector applies 12 events") {
                MetricsScrape.samples(port: projectorPort)["suivi_events_applied_total{worker=\"projector\"}"] == 12
            }

            let worker = "{worker=\"decider\"}"
            let decided = MetricsScrape.samples(port: deciderPort)
            #expect(decided["suivi_commands_accepted_total\(worker)"] == 13, "12 new cases and the duplicate")
            #expect(decided["suivi_commands_rejected_total\(worker)"] == 2, "the id conflict and the second request")
            #expect(decided["suivi_dead_letters_total\(worker)"] == 1)
            #expect(decided["suivi_events_appended_total\(worker)"] == 12)
            // The store agrees: 12 events, one dead letter.
            let connection = try scope.connect()
            defer { connection.close() }
            #expect(try connection.query("SELECT count(*) AS n FROM suivi.events")[0].int("n") == 12)
            #expect(try connection.query("SELECT count(*) AS n FROM suivi.dead_letters")[0].int("n") == 1)
            // Histograms: one observation per batch, the batch sizes adding up to the messages processed.
            let batches = try #require(decided["suivi_batch_size_count\(worker)"])
            #expect(batches >= 2 && batches <= 16)
            #expect(decided["suivi_batch_size_sum\(worker)"] == 16)
            #expect(decided["suivi_batch_size_bucket{worker=\"decider\",le=\"+Inf\"}"] == batches)
            #expect(decided["suivi_batch_duration_seconds_count\(worker)"] == batches)
            #expect((decided["suivi_batch_duration_seconds_sum\(worker)"] ?? 0) > 0)
            let last = try #require(decided["suivi_last_processed_timestamp_seconds\(worker)"])
            #expect(abs(last - Date().timeIntervalSince1970) < 120)

            let projected = MetricsScrape.samples(port: projectorPort)
            #expect(projected["suivi_messages_processed_total{worker=\"projector\"}"] == 12)
            #expect(projected["suivi_events_skipped_total{worker=\"projector\"}"] == 0)
            #expect(projected["suivi_dead_letters_total{worker=\"projector\"}"] == 0)
            #expect(projected["suivi_batch_size_sum{worker=\"projector\"}"] == 12)
            #expect(projected["suivi_commands_accepted_total{worker=\"projector\"}"] == nil, "decider metrics stay on the decider")

            // Lag per assigned partition, drained to 0 (refreshed every 5 s).
            try await TestStack.eventually("lag reported and drained for both partitions", timeout: .seconds(120)) {
                let samples = MetricsScrape.samples(port: deciderPort)
                return (0..<2).allSatisfy {
                    samples["suivi_consumer_lag{worker=\"decider\",topic=\"\(configuration.topics.commands)\",partition=\"\($0)\"}"] == 0
                }
            }

            // The text format is what Prometheus expects, and nothing else is served.
            let response = try #require(MetricsScrape.get("/metrics", port: deciderPort))
            #expect(response.body.contains("# TYPE suivi_batch_duration_seconds histogram"))
            #expect(response.body.contains("# TYPE suivi_messages_processed_total counter"))
            #expect(MetricsScrape.get("/metrics", port: deciderPort, method: "HEAD")?.status == 200)
            #expect(MetricsScrape.get("/admin", port: deciderPort)?.status == 404)
            #expect(MetricsScrape.get("/metrics", port: deciderPort, method: "POST")?.status == 405)
        }
    }

    @Test func aWorkerWithPortZeroServesNothing() async throws {
        try await TestStack.withScope(partitions: 1) { scope in
            let decider = try WorkerProcess("suivi-decider", environment: scope.environment.merging(["SUIVI_METRICS_PORT": "0"]) { $1 })
            defer { decider.stop() }
            try await TestStack.eventually("the decider running") { decider.log.contains("decider started") }
            #expect(decider.log.contains("metrics endpoint disabled"))
            #expect(!MetricsScrape.listens(pid: decider.process.processIdentifier), "no listening socket at all")

            // The same check sees the socket of a worker that serves.
            let port = try MetricsScrape.freePort()
            let serving = try WorkerProcess("suivi-projector", environment: scope.environment.merging(["SUIVI_METRICS_PORT": "\(port)"]) { $1 })
            defer { serving.stop() }
            try await TestStack.eventually("the projector serving") { MetricsScrape.get("/metrics", port: port)?.status == 200 }
            #expect(MetricsScrape.listens(pid: serving.process.processIdentifier))
        }
    }

    @Test func anUnusableMetricsAddressOrPortIsAConfigurationError() throws {
        for (name, value) in [("SUIVI_METRICS_ADDRESS", "metrics.example.org"), ("SUIVI_METRICS_PORT", "70000")] {
            let run = try WorkerProcess.run("suivi-decider", [], environment: [name: value], timeout: 120)
            #expect(run.status == 78)
            #expect(run.stderr.contains(name))
            #expect(run.stderr.split(separator: "\n").count == 1)
        }
    }
}
