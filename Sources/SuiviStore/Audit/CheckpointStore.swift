public import SuiviDomain
public import SuiviPostgres

/// `suivi.checkpoints` and the ledger head: signing what the ledger holds beyond the last checkpoint, and
/// reading checkpoints back for verification, export and proofs. Runs on the caller's connection.
public struct CheckpointStore {
    public let connection: PostgresConnection

    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    /// Signs checkpoints over the committed ledger beyond the last checkpoint, each covering at most
    /// `maxEvents` events, in one transaction.
    ///
    /// Only one signer works at a time (a transaction-level advisory lock, tried, not awaited): when another
    /// holds it, nothing is signed and it returns no checkpoint. Before signing, the ledger of the events to
    /// cover is recomputed from the last checkpoint's ledger hash; a break is refused, never signed.
    /// - Returns: The checkpoints signed, in order.
    /// - Throws: ``AuditFailure`` (kind `ledgerBroken`) when the ledger to sign does not hold; database errors.
    public func signDue(key: AuditSigningKey, maxEvents: Int, now: Timestamp) throws -> [SignedCheckpoint] {
        do {
            return try connection.transaction { connection in
                let locked = try connection.query("SELECT pg_try_advisory_xact_lock(\(Self.lockKey)) AS locked")
                guard try locked[0].bool("locked") else { return [] }
                let head = try connection.query("SELECT last_position FROM suivi.ledger_head")
                guard head.count == 1 else { return [] }
                let headPosition = try head[0].int("last_position")
                var previous = try latest()
                var signed: [SignedCheckpoint] = []
                while (previous?.statement.lastPosition ?? 0) < headPosition {
                    let after = previous?.statement.lastPosition ?? 0
                    let rows = try connection.query("""
                        SELECT position, hash, ledger_hash FROM suivi.events
                        WHERE position > \(after) AND position <= \(headPosition) ORDER BY position LIMIT \(maxEvents)
                        """)
                    guard rows.count > 0 else { break }
                    var link = previous?.statement.ledgerHash ?? LedgerHash.genesis
                    var leaves: [[UInt8]] = []
                    leaves.reserveCapacity(rows.count)
                    var last: Int64 = after
                    for row in rows.rows {
                        let position = try row.int("position")
                        let hash = try row.bytes("hash") ?? []
                        link = LedgerHash.next(eventHash: hash, previous: link)
                        guard try row.bytes("ledger_hash") == link else {
                            throw AuditFailure(.ledgerBroken, position: position,
                                message: "refusing to sign a checkpoint: the ledger hash at position \(position) does not follow from the last checkpoint's; run `suivi audit verify`")
                        }
                        leaves.append(MerkleTree.leafHash(MerkleTree.eventLeaf(position: position, hash: hash)))
                        last = position
                    }
                    let statement = CheckpointStatement(
                        sequence: (previous?.statement.sequence ?? 0) + 1, afterPosition: after, lastPosition: last,
                        eventCount: leaves.count, ledgerHash: link, merkleRoot: MerkleTree.root(leafHashes: leaves),
                        previousCheckpointHash: previous?.hash, signedAt: now, signer: key.publicKey)
                    let checkpoint = try SignedCheckpoint(signing: statement, with: key)
                    try insert(checkpoint)
                    signed.append(checkpoint)
                    previous = checkpoint
                }
                return signed
            }
        } catch {
            throw StoreError.wrap(error)
        }
    }

    /// The last checkpoint of the table, if any.
    public func latest() throws -> SignedCheckpoint? {
        try read("SELECT statement, signature FROM suivi.checkpoints ORDER BY sequence DESC LIMIT 1").first
    }

    /// Every checkpoint after `sequence`, in order, at most `limit`.
    public func checkpoints(after sequence: Int64 = 0, limit: Int = 1_000_000) throws -> [SignedCheckpoint] {
        try read("SELECT statement, signature FROM suivi.checkpoints WHERE sequence > \(sequence) ORDER BY sequence LIMIT \(limit)")
    }

    /// The checkpoint whose range holds `position`, if one was signed yet.
    public func covering(position: Int64) throws -> SignedCheckpoint? {
        try read("""
            SELECT statement, signature FROM suivi.checkpoints
            WHERE after_position < \(position) AND last_position >= \(position) ORDER BY sequence LIMIT 1
            """).first
    }

    /// The stored positions and hashes of a checkpoint's range, in order.
    public func leaves(of statement: CheckpointStatement) throws -> [(position: Int64, hash: [UInt8])] {
        let rows = try run("""
            SELECT position, hash FROM suivi.events
            WHERE position > \(statement.afterPosition) AND position <= \(statement.lastPosition) ORDER BY position
            """)
        return try rows.rows.map { (try $0.int("position"), try $0.bytes("hash") ?? []) }
    }

    /// The ledger head as stored: its last position and ledger hash.
    public func ledgerHead() throws -> (position: Int64, hash: [UInt8])? {
        let rows = try run("SELECT last_position, ledger_hash FROM suivi.ledger_head")
        guard rows.count == 1 else { return nil }
        return (try rows[0].int("last_position"), try rows[0].bytes("ledger_hash") ?? [])
    }

    /// The sequence up to which the checkpoints topic carries the table (0 when nothing was published).
    public func publishedUpTo() throws -> Int64 {
        let rows = try run("SELECT position FROM suivi.relay_cursors WHERE feed = 'checkpoints' AND partition = 0")
        return rows.count == 0 ? 0 : try rows[0].int("position")
    }

    /// Records that the checkpoints topic carries the table up to `sequence`.
    public func published(upTo sequence: Int64) throws {
        try run("""
            INSERT INTO suivi.relay_cursors (feed, partition, position) VALUES ('checkpoints', 0, \(sequence))
            ON CONFLICT (feed, partition) DO UPDATE SET position = greatest(suivi.relay_cursors.position, EXCLUDED.position),
                updated_at = now()
            """)
    }

    private func insert(_ checkpoint: SignedCheckpoint) throws {
        let statement = checkpoint.statement
        try run("""
            INSERT INTO suivi.checkpoints (sequence, after_position, last_position, event_count, ledger_hash, merkle_root,
                checkpoint_hash, signer, signed_at, statement, signature)
            VALUES (\(statement.sequence), \(statement.afterPosition), \(statement.lastPosition), \(statement.eventCount),
                \(statement.ledgerHash), \(statement.merkleRoot), \(checkpoint.hash),
                \(AuditSigningKey.fingerprint(publicKey: statement.signer)), \(statement.signedAt.rfc3339)::timestamptz,
                \(checkpoint.text), \(checkpoint.signature))
            """)
    }

    private func read(_ query: PostgresQuery) throws -> [SignedCheckpoint] {
        try run(query).rows.map { row in
            try SignedCheckpoint(text: try row.string("statement"), signature: try row.bytes("signature") ?? [])
        }
    }

    @discardableResult
    private func run(_ query: PostgresQuery) throws -> PostgresResult {
        do { return try connection.query(query) } catch { throw StoreError.wrap(error) }
    }

    /// The advisory lock of the one signer at a time.
    static let lockKey: Int64 = 0x5355_4956_4943  // "SUIVIC"
}
