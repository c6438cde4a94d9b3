/// The names of the metrics Suivi's workers serve, kept in one place (README.md, "Metrics").
///
/// Every metric carries the label `worker` (`decider` or `projector`); the lag also carries `topic`
/// and `partition`.
enum MetricName {
    /// Counter: messages taken from the input topic and committed (decided, applied or dead-lettered).
    static let messagesProcessed = "suivi_messages_processed_total"
    /// Counter (decider): commands whose outcome is accepted, a duplicate reporting its original outcome included.
    static let commandsAccepted = "suivi_commands_accepted_total"
    /// Counter (decider): commands whose outcome is rejected, a duplicate reporting its original outcome included.
    static let commandsRejected = "suivi_commands_rejected_total"
    /// Counter (decider): events appended to the event store.
    static let eventsAppended = "suivi_events_appended_total"
    /// Counter (projector): events applied to the read models.
    static let eventsApplied = "suivi_events_applied_total"
    /// Counter (projector): events skipped because the read models already reflected them.
    static let eventsSkipped = "suivi_events_skipped_total"
    /// Counter: messages kept in the dead-letter table (poison messages; for the projector also parked events).
    static let deadLetters = "suivi_dead_letters_total"
    /// Histogram: messages per committed batch.
    static let batchSize = "suivi_batch_size"
    /// Histogram: seconds from a batch's first decoding to its commit and publication.
    static let batchDuration = "suivi_batch_duration_seconds"
    /// Gauge: the broker's high watermark minus the next offset to process, per assigned partition, at least 0.
    static let consumerLag = "suivi_consumer_lag"
    /// Gauge (decider): commands held while a stream they read catches up, with those queued behind them.
    static let commandsHeld = "suivi_commands_held"
    /// Gauge (decider): seconds the oldest held command has waited (0 when none is held).
    static let heldOldestSeconds = "suivi_commands_held_oldest_seconds"
    /// Gauge (decider): the longest a command may be held, in seconds (`SUIVI_DEPENDENCY_WAIT`).
    static let dependencyWait = "suivi_dependency_wait_seconds"
    /// Counter (decider): messages that got an `invalid` outcome (dead-lettered with a readable id).
    static let commandsInvalid = "suivi_commands_invalid_total"
    /// Gauge, always 1: the build a worker runs, labelled `version` and `commit` (and `worker`).
    static let buildInfo = "suivi_build_info"
    /// Gauge: seconds since the worker's loop last completed a poll or a batch (what `/healthz` judges).
    static let heartbeatAge = "suivi_heartbeat_age_seconds"
    /// Gauge: dead letters parked in the store (every consumer's; each worker reports the same number).
    static let parkedDeadLetters = "suivi_dead_letters_parked"
    /// Gauge: 1 while a rebuild's shadow schema exists (a rebuild running, or cancelled and not resumed).
    static let rebuildRunning = "suivi_rebuild_running"
    /// Counter: store samples that failed (the database unreachable or refusing the worker's login).
    static let storeProbeErrors = "suivi_store_probe_errors_total"
    /// Gauge: Unix time, in seconds, at which the last batch was committed.
    static let lastProcessed = "suivi_last_processed_timestamp_seconds"

    /// Upper bounds of the batch size histogram's buckets (`SUIVI_BATCH_SIZE` defaults to 2000).
    static let batchSizeBuckets: [Double] = [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2000, 5000, 10_000]
    /// Upper bounds of the batch latency histogram's buckets.
    static let batchDurationBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30),
    ]
}
