import SuiviApp
public import SuiviDomain
public import SuiviPostgres
public import SuiviStore

/// `suivi audit export`: a case's events, checked, in a signed ``AuditBundle``.
public enum CaseExport {
    /// Reads the case's events, checks their chain and signs the bundle. A broken chain is not
    /// exported: signing it would lend altered history the exporter's word.
    ///
    /// - Throws: ``OperationFailure`` `notFound` when the case has no events; ``AuditFailure`` when its chain
    ///   does not hold; database errors.
    public static func bundle(connection: PostgresConnection, caseID: String, key: AuditSigningKey, exportedAt: Timestamp)
        throws -> AuditBundle
    {
        var events: [AuditedEvent] = []
        let report = try StoreAudit(connection: connection).verify(streamID: caseID, inspect: { event, _ in
            events.append(event)
            return nil
        })
        if let failure = report.firstFailure { throw failure }
        guard !events.isEmpty else { throw OperationFailure(.notFound, "no events of case \(caseID) in the store; check the id") }
        let proofs = try ProofExport.proofs(of: events, connection: connection)
        return try AuditBundle.make(caseID: caseID, events: events, proofs: proofs, exportedAt: exportedAt, key: key)
    }
}
