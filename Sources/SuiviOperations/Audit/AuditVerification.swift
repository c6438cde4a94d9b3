import SuiviApp
public import Logging
public import SuiviPostgres
public import SuiviStore

/// `suivi audit verify`: the hash chains of the store and, when asked, the store against the events topic.
public enum AuditVerification {
    /// Runs the verification.
    ///
    /// The topic is read first and the store's snapshot taken after: every event on the topic was
    /// committed before it was published, so nothing recorded during the run looks forged.
    ///
    /// - Parameters:
    ///   - streamID: One case (stream), or `nil` for the whole store.
    ///   - topic: The reader of the events topic, to compare it with the store; `nil` checks the store only.
    ///   - outsideCheckpoints: Checkpoints kept outside the database (a file, the topic) to compare the store with.
    ///   - expectedSigner: The raw public key that must have signed every checkpoint.
    ///   - progress: Called with the number of events checked so far, after each chunk.
    /// - Returns: The report; its ``AuditReport/firstFailure`` names the first bad event.
    /// - Throws: ``OperationFailure`` `notFound` when the case has no events; database and broker errors.
    public static func verify(
        connection: PostgresConnection, streamID: String?, topic: EventsTopicReader? = nil,
        outsideCheckpoints: [SignedCheckpoint]? = nil, expectedSigner: [UInt8]? = nil, chunkSize: Int = 5_000,
        progress: (Int) -> Void = { _ in }, logger: Logger
    ) throws -> AuditReport {
        var index = try topic?.read(streamID: streamID, logger: logger)
        let audit = StoreAudit(connection: connection, chunkSize: chunkSize)
        if let streamID, index?.distinctEvents ?? 0 == 0, !(try audit.exists(streamID: streamID)) {
            throw OperationFailure(.notFound, "no events of case \(streamID) in the store; check the id")
        }
        let summary = index?.summary
        var report = try audit.verify(
            streamID: streamID, outsideCheckpoints: outsideCheckpoints, expectedSigner: expectedSigner, progress: progress
        ) { event, snapshot in
            index?.match(event, relayCursors: snapshot.relayCursors)
        }
        report.topic = summary
        if report.firstFailure == nil, let index {
            report.firstFailure = index.leftover()
        }
        return report
    }
}
