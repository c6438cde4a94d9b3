public import SuiviDomain
public import SuiviPostgres

/// The consent ledger (`consent_events`: every grant, amendment and withdrawal, one row each) and the
/// consents as they stand (`consents`: the scope in force, amendments, withdrawal).
///
/// Runs before ``CaseProjection``, which reads the validity of a case's current consent from `consents`.
public struct ConsentProjection: Projection {
    public let name = "consents"

    public init() {}

    static let ledgerColumns = [
        "event_id", "case_id", "version", "consent_id", "action", "authority_name", "authority_office",
        "authority_state", "instrument_kind", "instrument_reference", "instrument_dated", "activity_kinds", "providers",
        "valid_from", "valid_until", "valid_from_at", "valid_until_at", "reason", "remaining_consent_ids", "actor",
        "actor_role", "on_behalf_of", "command_id", "occurred_at", "recorded_at",
    ]

    static let consentColumns = [
        "case_id", "consent_id", "state", "granted_by_name", "granted_by_office", "granted_by_state", "instrument_kind",
        "instrument_reference", "instrument_dated", "activity_kinds", "providers", "valid_from", "valid_until",
        "valid_from_at", "valid_until_at", "note", "given_at", "given_recorded_at", "given_by_actor", "amendments",
        "last_amended_at", "withdrawn", "withdrawn_at", "withdrawn_by", "withdrawal_reason",
    ]

    public func apply(_ events: [RecordedEvent], connection: PostgresConnection, schema: String) throws {
        let consentEvents = events.filter {
            switch $0.event {
            case .consentGiven, .consentAmended, .consentWithdrawn: true
            default: false
            }
        }
        guard !consentEvents.isEmpty else { return }
        let writer = RowWriter(connection: connection, schema: schema)
        try writer.insert("consent_events", columns: Self.ledgerColumns, rows: consentEvents.compactMap(Self.ledgerRow))

        var consents: [String: RowWriter.Row] = [:]
        for row in try writer.load("consents", where: "case_id", in: Array(Set(consentEvents.map(\.streamID)))) {
            consents[Self.key(row["case_id"]?.stringValue ?? "", row["consent_id"]?.stringValue ?? "")] = row
        }
        var changed: Set<String> = []
        for recorded in consentEvents {
            let at = JSON.string(recorded.metadata.occurredAt.rfc3339)
            switch recorded.event {
            case .consentGiven(let given):
                let consent = given.consent
                var row = Self.scopeColumns(consent.scope)
                row.merge(Self.instrumentColumns(consent.instrument)) { $1 }
                row.merge([
                    "case_id": .string(recorded.streamID), "consent_id": .string(consent.consentID),
                    "state": .string(consent.grantedBy.state), "granted_by_name": .string(consent.grantedBy.name),
                    "granted_by_office": .string(consent.grantedBy.office),
                    "granted_by_state": .string(consent.grantedBy.state), "note": .optional(consent.note),
                    "given_at": at, "given_recorded_at": .string(recorded.metadata.recordedAt.rfc3339),
                    "given_by_actor": .string(recorded.metadata.actor), "amendments": 0, "last_amended_at": .null,
                    "withdrawn": false, "withdrawn_at": .null, "withdrawn_by": .null, "withdrawal_reason": .null,
                ]) { $1 }
                let key = Self.key(recorded.streamID, consent.consentID)
                consents[key] = row
                changed.insert(key)
            case .consentAmended(let amended):
                let key = Self.key(recorded.streamID, amended.amendment.consentID)
                guard var row = consents[key] else { continue }
                row.merge(Self.scopeColumns(amended.amendment.scope)) { $1 }
                row["amendments"] = .int((row["amendments"]?.intValue ?? 0) + 1)
                row["last_amended_at"] = at
                consents[key] = row
                changed.insert(key)
            case .consentWithdrawn(let withdrawn):
                let withdrawal = withdrawn.withdrawal
                let key = Self.key(recorded.streamID, withdrawal.consentID)
                guard var row = consents[key] else { continue }
                row["withdrawn"] = true
                row["withdrawn_at"] = at
                row["withdrawn_by"] = .string("\(withdrawal.withdrawnBy.name) (\(withdrawal.withdrawnBy.office))")
                row["withdrawal_reason"] = .string(withdrawal.reason)
                consents[key] = row
                changed.insert(key)
            default:
                continue
            }
        }
        try writer.upsert(
            "consents", key: ["case_id", "consent_id"], columns: Self.consentColumns,
            rows: changed.sorted().compactMap { consents[$0] })
    }

    static func key(_ caseID: String, _ consentID: String) -> String { caseID + "\u{1F}" + consentID }

    static func scopeColumns(_ scope: ConsentScope) -> RowWriter.Row {
        [
            "activity_kinds": .codes(scope.activityKinds), "providers": .codes(scope.providers),
            "valid_from": .string(scope.validFrom.description), "valid_until": .string(scope.validUntil.description),
            "valid_from_at": .string(scope.validFrom.opening.rfc3339),
            "valid_until_at": .string(scope.validUntil.closing.rfc3339),
        ]
    }

    static func instrumentColumns(_ instrument: ConsentInstrument?) -> RowWriter.Row {
        [
            "instrument_kind": .optional(instrument?.kind.rawValue),
            "instrument_reference": .optional(instrument?.reference),
            "instrument_dated": .optional(instrument?.dated.description),
        ]
    }

    static func ledgerRow(_ recorded: RecordedEvent) -> RowWriter.Row? {
        var row = recorded.ledgerColumns
        row["case_id"] = .string(recorded.streamID)
        func authority(_ authority: Authority) {
            row["authority_name"] = .string(authority.name)
            row["authority_office"] = .string(authority.office)
            row["authority_state"] = .string(authority.state)
        }
        switch recorded.event {
        case .consentGiven(let given):
            row["consent_id"] = .string(given.consent.consentID)
            row["action"] = "granted"
            authority(given.consent.grantedBy)
            row.merge(instrumentColumns(given.consent.instrument)) { $1 }
            row.merge(scopeColumns(given.consent.scope)) { $1 }
            row["reason"] = .optional(given.consent.note)
        case .consentAmended(let amended):
            row["consent_id"] = .string(amended.amendment.consentID)
            row["action"] = "amended"
            authority(amended.amendment.amendedBy)
            row.merge(instrumentColumns(amended.amendment.instrument)) { $1 }
            row.merge(scopeColumns(amended.amendment.scope)) { $1 }
            row["reason"] = .string(amended.amendment.reason)
        case .consentWithdrawn(let withdrawn):
            row["consent_id"] = .string(withdrawn.withdrawal.consentID)
            row["action"] = "withdrawn"
            authority(withdrawn.withdrawal.withdrawnBy)
            row.merge(instrumentColumns(withdrawn.withdrawal.instrument)) { $1 }
            row["reason"] = .string(withdrawn.withdrawal.reason)
            row["remaining_consent_ids"] = .strings(withdrawn.remainingConsentIDs)
        default:
            return nil
        }
        return row
    }
}
