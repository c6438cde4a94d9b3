public import SuiviDomain

/// Proof that one event is in the ledger as a signed checkpoint covers it: the event's hashed record
/// (the exact canonical text), its `prevHash` and `hash`, its position, its RFC 6962 audit path in the
/// checkpoint's tree, and the signed checkpoint. ``check(expectedPublicKey:)`` verifies it with nothing
/// else: no database, no configuration.
///
/// The file is JSON: `{"format": "suivi.audit.proof", "formatVersion": 1, "event": {"position", "record",
/// "prevHash", "hash"}, "leafIndex", "auditPath": [hex...], "checkpoint": {"statement", "signature"}}`.
/// Checking: hash = SHA-256(prevHash or 32 zero bytes || record text); leaf = SHA-256(0x00 ||
/// uint64be(position) || hash); the audit path leads from the leaf at `leafIndex` of a tree of the
/// statement's `eventCount` leaves to its `merkleRoot`; the position is in the statement's range; the
/// signature is the signer's over the statement text.
public struct InclusionProof: Sendable, Hashable {
    public static let format = "suivi.audit.proof"
    public static let formatVersion = 1

    public var position: Int64
    /// The canonical JSON text of the event's record (``EventHash/record(_:)``), as hashed.
    public var record: String
    public var previousHash: [UInt8]?
    public var hash: [UInt8]
    public var leafIndex: Int
    public var auditPath: [[UInt8]]
    public var checkpoint: SignedCheckpoint

    public init(position: Int64, record: String, previousHash: [UInt8]?, hash: [UInt8], leafIndex: Int, auditPath: [[UInt8]],
        checkpoint: SignedCheckpoint)
    {
        self.position = position
        self.record = record
        self.previousHash = previousHash
        self.hash = hash
        self.leafIndex = leafIndex
        self.auditPath = auditPath
        self.checkpoint = checkpoint
    }

    /// The proof of the event at `position` among `leaves` (the checkpoint's range as stored, in order).
    /// - Returns: `nil` when the position is not among the leaves.
    public static func make(
        event: AuditedEvent, leaves: [(position: Int64, hash: [UInt8])], checkpoint: SignedCheckpoint
    ) -> InclusionProof? {
        guard let index = leaves.firstIndex(where: { $0.position == event.position }) else { return nil }
        let hashes = leaves.map { MerkleTree.leafHash(MerkleTree.eventLeaf(position: $0.position, hash: $0.hash)) }
        return InclusionProof(
            position: event.position, record: event.record.canonicalText, previousHash: event.previousHash, hash: event.hash,
            leafIndex: index, auditPath: MerkleTree.auditPath(index: index, leafHashes: hashes), checkpoint: checkpoint)
    }

    public var json: JSON {
        [
            "format": .string(Self.format),
            "formatVersion": .int(Self.formatVersion),
            "event": [
                "position": .number(String(position)),
                "record": .string(record),
                "prevHash": previousHash.map { .string(Hex.encode($0)) } ?? .null,
                "hash": .string(Hex.encode(hash)),
            ],
            "leafIndex": .int(leafIndex),
            "auditPath": .array(auditPath.map { .string(Hex.encode($0)) }),
            "checkpoint": checkpoint.json,
            "rules": [
                "eventHash": "sha256(prevHash or 32 zero bytes || utf8(record))",
                "leaf": "sha256(0x00 || uint64be(position) || eventHash)",
                "node": "sha256(0x01 || left || right), RFC 6962 audit path (RFC 9162 section 2.1.3.2)",
                "signature": "Ed25519 over utf8(checkpoint.statement) by statement.signer.publicKey",
            ],
        ]
    }

    /// Whether a JSON document is a proof (rather than a bundle).
    public static func isProof(_ json: JSON) -> Bool { json["format"]?.stringValue == format }

    /// Reads a proof.
    /// - Throws: ``AuditFailure`` (kind `proof`) naming what is missing.
    public init(json: JSON) throws(AuditFailure) {
        func bad(_ what: String) -> AuditFailure { AuditFailure(.proof, message: "the proof \(what)") }
        guard Self.isProof(json) else { throw bad("is not a \(Self.format)") }
        guard json["formatVersion"]?.intValue == Self.formatVersion else {
            throw bad("has format version \(json["formatVersion"]?.canonicalText ?? "none"), not \(Self.formatVersion); use a suivi that reads it")
        }
        guard let event = json["event"], let position = event["position"]?.intValue else { throw bad("has no event.position") }
        guard let record = event["record"]?.stringValue else { throw bad("has no event.record text") }
        guard let hash = event["hash"]?.stringValue.flatMap(Hex.decode), hash.count == 32 else { throw bad("has no 64-digit hex event.hash") }
        var previous: [UInt8]?
        if let text = event["prevHash"]?.stringValue {
            guard let bytes = Hex.decode(text), bytes.count == 32 else { throw bad("has an event.prevHash that is not 64 hex digits") }
            previous = bytes
        } else if event["prevHash"] != .null {
            throw bad("has no event.prevHash (hex, or null for a stream's first event)")
        }
        guard let index = json["leafIndex"]?.intValue else { throw bad("has no leafIndex") }
        guard let items = json["auditPath"]?.arrayValue else { throw bad("has no auditPath") }
        var path: [[UInt8]] = []
        for item in items {
            guard let bytes = item.stringValue.flatMap(Hex.decode), bytes.count == 32 else { throw bad("has an auditPath entry that is not 64 hex digits") }
            path.append(bytes)
        }
        guard let checkpoint = json["checkpoint"] else { throw bad("has no checkpoint") }
        self.init(
            position: Int64(position), record: record, previousHash: previous, hash: hash, leafIndex: index, auditPath: path,
            checkpoint: try SignedCheckpoint(json: checkpoint))
    }

    /// Verifies the proof offline.
    /// - Parameter expectedPublicKey: The raw public key that must have signed the checkpoint.
    public func check(expectedPublicKey: [UInt8]? = nil) -> ProofCheck {
        let statement = checkpoint.statement
        let parsed = try? JSONParser.parse(record)
        var result = ProofCheck(
            eventID: parsed?["eventId"]?.stringValue ?? "", streamID: parsed?["streamId"]?.stringValue ?? "",
            version: parsed?["version"]?.intValue ?? 0, position: position, checkpointSequence: statement.sequence,
            checkpointSignedAt: statement.signedAt.rfc3339, signerFingerprint: AuditSigningKey.fingerprint(publicKey: statement.signer))
        func fail(_ message: String) -> ProofCheck {
            var failed = result
            failed.firstFailure = AuditFailure(.proof, streamID: result.streamID.isEmpty ? nil : result.streamID,
                version: result.version == 0 ? nil : result.version, position: position,
                eventID: result.eventID.isEmpty ? nil : result.eventID, message: message)
            return failed
        }
        guard let parsed, parsed.objectValue != nil else { return fail("the record is not JSON") }
        guard parsed.canonicalText == record else { return fail("the record is not in canonical form (compact, keys sorted)") }
        let expected = AuditedEvent.chainHash(previous: previousHash, record: parsed)
        guard expected == hash else {
            return fail("the hash \(Hex.encode(hash)) is not the hash of the record (\(Hex.encode(expected))): the record or its hash was changed")
        }
        guard position > statement.afterPosition, position <= statement.lastPosition else {
            return fail("position \(position) is outside checkpoint \(statement.sequence)'s range (\(statement.afterPosition + 1)-\(statement.lastPosition))")
        }
        let leaf = MerkleTree.leafHash(MerkleTree.eventLeaf(position: position, hash: hash))
        guard let root = MerkleTree.root(fromPath: auditPath, leafHash: leaf, index: leafIndex, size: statement.eventCount) else {
            return fail("the audit path does not fit leaf \(leafIndex) of a tree of \(statement.eventCount) leaves")
        }
        guard root == statement.merkleRoot else {
            return fail("the audit path leads to \(Hex.encode(root)), not to the checkpoint's Merkle root \(Hex.encode(statement.merkleRoot))")
        }
        guard checkpoint.signatureHolds else {
            return fail("the checkpoint's signature does not match its statement: the checkpoint was changed after it was signed")
        }
        if let expectedPublicKey {
            guard expectedPublicKey == statement.signer else {
                return fail("the checkpoint was signed by \(result.signerFingerprint), not by the expected key \(AuditSigningKey.fingerprint(publicKey: expectedPublicKey))")
            }
            result.signerVerified = true
        }
        return result
    }
}
