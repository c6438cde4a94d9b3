import SuiviApp
public import SuiviPostgres
public import SuiviStore

/// `suivi audit prove`: an event's inclusion proof under the signed checkpoint that covers it.
public enum ProofExport {
    /// The proof of one event, read in one snapshot.
    /// - Throws: ``OperationFailure`` `notFound` when no event has the id, `unavailable` when no checkpoint covers
    ///   it yet; ``AuditFailure`` when the store no longer matches the checkpoint; database errors.
    public static func proof(connection: PostgresConnection, eventID: String) throws -> InclusionProof {
        try connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        defer { _ = try? connection.execute("ROLLBACK") }
        guard let event = try StoreAudit(connection: connection).event(id: eventID) else {
            throw OperationFailure(.notFound, "no event \(eventID) in the store; check the id (`suivi case show CASE --json` lists them)")
        }
        return try proof(of: event, store: CheckpointStore(connection: connection))
    }

    /// The proofs of the events that checkpoints cover, by event id (the events of a bundle).
    public static func proofs(of events: [AuditedEvent], connection: PostgresConnection) throws -> [InclusionProof] {
        let store = CheckpointStore(connection: connection)
        var proofs: [InclusionProof] = []
        for event in events {
            do { proofs.append(try proof(of: event, store: store)) } catch let error as OperationFailure where error.code == .unavailable { continue }
        }
        return proofs
    }

    static func proof(of event: AuditedEvent, store: CheckpointStore) throws -> InclusionProof {
        guard let checkpoint = try store.covering(position: event.position) else {
            throw OperationFailure(.unavailable,
                "event \(event.eventID) (position \(event.position)) is not covered by a signed checkpoint yet; the decider signs one within SUIVI_CHECKPOINT_SECONDS, try again then")
        }
        let leaves = try store.leaves(of: checkpoint.statement)
        guard let proof = InclusionProof.make(event: event, leaves: leaves, checkpoint: checkpoint),
            proof.check().passed, leaves.count == checkpoint.statement.eventCount
        else {
            throw AuditFailure(.checkpointMismatch, streamID: event.streamID, version: event.version, position: event.position,
                eventID: event.eventID,
                message: "the store no longer matches checkpoint \(checkpoint.statement.sequence), which covers this event; run `suivi audit verify`")
        }
        return proof
    }
}
