internal import Crypto
public import SuiviDomain
internal import SuiviPostgres

/// One stored event as an auditor reads it: the raw columns of `suivi.events`, turned into the exact
/// record that ``EventHash`` hashes, without going through the domain's decoding.
///
/// Reading the row raw matters: an altered payload that the domain would still accept (or no longer
/// understand) is hashed as it is stored, and a verifier built today can check events of types it
/// does not know.
public struct AuditedEvent: Sendable, Hashable {
    /// Place in the whole store.
    public var position: Int64
    public var streamID: String
    /// 1 for a stream's first event.
    public var version: Int
    public var eventID: String
    /// The commands-topic partition whose relay publishes the event.
    public var sourcePartition: Int32
    /// What the hash covers: the same members, in the same canonical JSON, as ``EventHash/record(_:)``.
    public var record: JSON
    /// The stored link to the previous event (`nil` for a stream's first event).
    public var previousHash: [UInt8]?
    /// The stored hash.
    public var hash: [UInt8]
    /// The stored ledger hash (``LedgerHash``): `nil` when the row has none.
    public var ledgerHash: [UInt8]?
    /// Why the stored payload could not be read as JSON, if it could not.
    public var unreadable: String?

    public init(
        position: Int64, streamID: String, version: Int, eventID: String, sourcePartition: Int32, record: JSON,
        previousHash: [UInt8]?, hash: [UInt8], ledgerHash: [UInt8]? = nil, unreadable: String? = nil
    ) {
        self.position = position
        self.streamID = streamID
        self.version = version
        self.eventID = eventID
        self.sourcePartition = sourcePartition
        self.record = record
        self.previousHash = previousHash
        self.hash = hash
        self.ledgerHash = ledgerHash
        self.unreadable = unreadable
    }

    /// The hash the event should have after `previous` (the previous event's hash; `nil` or
    /// ``EventHash/genesis`` for a stream's first event): SHA-256 of `previous` followed by the
    /// canonical bytes of ``record``.
    public func expectedHash(after previous: [UInt8]?) -> [UInt8] {
        Self.chainHash(previous: previous, record: record)
    }

    /// SHA-256 of `previous` (32 zero bytes when `nil`) followed by the canonical JSON of `record`:
    /// the link rule of every stream, usable without a database.
    public static func chainHash(previous: [UInt8]?, record: JSON) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: previous ?? EventHash.genesis)
        hasher.update(data: record.canonicalBytes)
        return Array(hasher.finalize())
    }

    /// The record of a domain event, for comparisons with ``EventHash/record(_:)``.
    public init(_ recorded: RecordedEvent, sourcePartition: Int32 = 0, previousHash: [UInt8]?, hash: [UInt8]) {
        self.init(
            position: recorded.position, streamID: recorded.streamID, version: recorded.version,
            eventID: recorded.metadata.eventID, sourcePartition: sourcePartition, record: EventHash.record(recorded),
            previousHash: previousHash, hash: hash)
    }

    // MARK: - Rows

    /// The columns ``init(row:)`` reads.
    static let columns = """
        position, stream_id, stream_type, version, event_id::text AS event_id, event_type, data::text AS data, command_id,
        actor, actor_role, on_behalf_of, (extract(epoch FROM occurred_at) * 1000000)::bigint AS occurred_us,
        (extract(epoch FROM recorded_at) * 1000000)::bigint AS recorded_us, consent_id, source_partition, prev_hash, hash, ledger_hash
        """

    /// Reads a row of ``columns``; a payload that is not JSON is kept as ``unreadable``, not thrown,
    /// so that the audit names the event.
    init(row: PostgresRow) throws {
        var unreadable: String?
        let data: JSON
        let text = try row.string("data")
        do { data = try JSONParser.parse(text) } catch {
            data = .null
            unreadable = "its data is not JSON (\(error.description))"
        }
        let record: JSON = [
            "streamId": .string(try row.string("stream_id")),
            "streamType": .string(try row.string("stream_type")),
            "version": .number(try row.string("version")),
            "eventId": .string(try row.string("event_id")),
            "eventType": .string(try row.string("event_type")),
            "data": data,
            "commandId": .string(try row.string("command_id")),
            "actor": .string(try row.string("actor")),
            "actorRole": .string(try row.string("actor_role")),
            "onBehalfOf": row["on_behalf_of"].map { .string($0) } ?? .null,
            "occurredAt": .string(Timestamp(microseconds: try row.int("occurred_us")).rfc3339),
            "recordedAt": .string(Timestamp(microseconds: try row.int("recorded_us")).rfc3339),
            "consentId": row["consent_id"].map { .string($0) } ?? .null,
        ]
        self.init(
            position: try row.int("position"), streamID: try row.string("stream_id"), version: Int(try row.int("version")),
            eventID: try row.string("event_id"), sourcePartition: Int32(truncatingIfNeeded: try row.int("source_partition")),
            record: record, previousHash: try row.bytes("prev_hash"), hash: try row.bytes("hash") ?? [],
            ledgerHash: try row.bytes("ledger_hash"), unreadable: unreadable)
    }
}
