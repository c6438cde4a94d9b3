import SuiviDomain
import SuiviKafka
import SuiviPostgres

extension Bench {
    /// `--latency-only`: both workers started, the workload published and projected as a warm-up (the
    /// workers' groups joined, their caches and the tables filled), then only the latency run and the
    /// read-model checks, so that a change to a latency leg can be tried in seconds.
    func runLatencyOnly(_ database: PostgresConnection) throws {
        log("latency only: \(options.commands) commands over \(options.cases) cases as a warm-up")
        let workload = Workload.commands(total: options.commands, cases: options.cases, tag: tag)
        let latencyCount = options.rate * options.latencySeconds
        let latencyMessages = (0..<latencyCount).map { Workload.latencyCommand($0, tag: tag) }
        var (processor, invalid) = DecideProfile.decodeAndDecide(workload)
        let warmUpEvents = processor.events.count
        report.checks.append(
            ("workload valid", invalid == 0, "\(invalid) of \(workload.count) generated commands fail the schema"))
        let (expectedVersions, expectedActivities) = Self.expectedReadModels(&processor, then: latencyMessages)

        let producer = try KafkaProducer(configuration: configuration.kafka(clientID: "suivi-bench"), logger: logger)
        defer { producer.close() }
        let decider = try startWorker("suivi-decider")
        let projector = try startWorker("suivi-projector")
        let start = now()
        try publish(producer, workload)
        try wait(
            "warm-up", timeout: 60 + Double(workload.count) / 500, workers: [decider, projector]
        ) { projectorApplied(database) >= Int64(warmUpEvents) }
        log("warm-up: \(warmUpEvents) events decided and projected in \(format(now() - start, decimals: 1)) s")

        let (latency, relay) = try measureLatency(
            database, producer: producer, messages: latencyMessages,
            expected: (expectedVersions, expectedActivities))
        addLatencyFigures(latency, relay: relay)
        report.checks.append(
            ("latency commands visible", latency.matched == latencyCount, "\(latency.matched) of \(latencyCount)"))
    }
}
