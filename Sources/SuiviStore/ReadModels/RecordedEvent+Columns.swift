internal import SuiviDomain
internal import SuiviPostgres

extension RecordedEvent {
    /// The columns every ledger row takes from its event: which event, who, for whom, when.
    static let ledgerColumnNames = [
        "event_id", "version", "actor", "actor_role", "on_behalf_of", "command_id", "occurred_at", "recorded_at",
    ]

    /// The ledger columns as a row image (for the read models folded as row images).
    var ledgerColumns: JSON.Members {
        [
            "event_id": .string(metadata.eventID),
            "version": .int(version),
            "actor": .string(metadata.actor),
            "actor_role": .string(metadata.actorRole.rawValue),
            "on_behalf_of": .optional(metadata.onBehalfOf),
            "command_id": .string(metadata.commandID),
            "occurred_at": .string(metadata.occurredAt.rfc3339),
            "recorded_at": .string(metadata.recordedAt.rfc3339),
        ]
    }

    /// Adds the ledger columns to a COPY row, in the order of ``ledgerColumnNames``.
    func addLedgerColumns(to row: inout CopyRows) {
        row.add(metadata.eventID)
        row.add(version)
        row.add(metadata.actor)
        row.add(metadata.actorRole.rawValue)
        row.add(metadata.onBehalfOf)
        row.add(metadata.commandID)
        row.add(metadata.occurredAt.rfc3339)
        row.add(metadata.recordedAt.rfc3339)
    }
}

extension JSON {
    /// A string, or null.
    static func optional(_ text: String?) -> JSON { text.map(JSON.string) ?? .null }

    /// An array of strings.
    static func strings(_ texts: [String]) -> JSON { .array(texts.map(JSON.string)) }

    /// An array of codes.
    static func codes<Code: RawRepresentable<String>>(_ codes: [Code]) -> JSON {
        .array(codes.map { .string($0.rawValue) })
    }
}
