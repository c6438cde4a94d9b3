import SuiviApp
import CoreMetrics
import Logging
import Prometheus
import Synchronization

/// Bootstraps swift-metrics with a Prometheus registry once per worker process and starts the HTTP
/// endpoint that serves it. Libraries never call this; only ``WorkerMain`` does.
enum MetricsSetup {
    private static let serving = Atomic<Bool>(false)

    /// Whether this process serves its metrics (the lag is only measured then).
    static var isServing: Bool { serving.load(ordering: .acquiring) }

    /// Bootstraps the metrics system and starts `GET /metrics` and `GET /healthz` on the configured address
    /// and port; does nothing when the port is 0.
    ///
    /// A port already in use does not stop the worker (processing matters more than its metrics): the error
    /// is logged and the worker runs without the endpoint.
    /// - Returns: The running server, or `nil`.
    static func start(_ configuration: MetricsConfiguration, worker: WorkerKind, logger: Logger) -> MetricsServer? {
        let port = configuration.port(for: worker)
        guard port != 0, let address = MetricsAddress(configuration.address) else {
            logger.info("metrics endpoint disabled", metadata: ["suivi.metrics.port": "0"])
            return nil
        }
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.valueHistogramBuckets[MetricName.batchSize] = MetricName.batchSizeBuckets
        factory.durationHistogramBuckets[MetricName.batchDuration] = MetricName.batchDurationBuckets
        do {
            let server = try MetricsServer(
                address: address, port: port, registry: registry, heartbeat: .shared, logger: logger)
            MetricsSystem.bootstrap(factory)
            Gauge(label: MetricName.buildInfo, dimensions: [
                ("worker", worker.rawValue), ("version", Release.version), ("commit", Release.commit),
            ]).record(1)
            serving.store(true, ordering: .releasing)
            logger.info("serving metrics", metadata: [
                "suivi.metrics.address": "\(configuration.address)", "suivi.metrics.port": "\(port)",
            ])
            return server
        } catch {
            logger.error("metrics endpoint not started; the worker runs without it", metadata: [
                "error": "\(error.description)",
                "hint": "set SUIVI_METRICS_PORT to a free port, or to 0 to disable the endpoint",
            ])
            return nil
        }
    }
}
