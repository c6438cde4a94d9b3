public import SuiviDomain

/// What a checkpoint states about the ledger: the events after `afterPosition` up to `lastPosition`
/// (`eventCount` of them, in position order), the ledger hash at `lastPosition`, the RFC 6962 Merkle root
/// of those events (leaves: ``MerkleTree/eventLeaf(position:hash:)``), the hash of the previous
/// checkpoint, when it was signed and by which key.
///
/// It is signed as its canonical JSON (compact, keys sorted, ``JSON/canonicalBytes``); that exact text is
/// what is stored, published and exported, so any verifier checks the signature over the bytes it holds
/// and reads the members from the same text.
public struct CheckpointStatement: Sendable, Hashable {
    public static let format = "suivi.checkpoint"
    public static let formatVersion = 1

    /// 1 for the first checkpoint, then one more each.
    public var sequence: Int64
    /// The previous checkpoint's `lastPosition` (0 for the first): this one covers positions after it.
    public var afterPosition: Int64
    public var lastPosition: Int64
    public var eventCount: Int
    /// The ledger hash of the event at `lastPosition`.
    public var ledgerHash: [UInt8]
    public var merkleRoot: [UInt8]
    /// SHA-256 of the previous checkpoint's statement text (``SignedCheckpoint/hash``); `nil` for the first.
    public var previousCheckpointHash: [UInt8]?
    public var signedAt: Timestamp
    /// The raw Ed25519 public key of the signer.
    public var signer: [UInt8]

    public init(
        sequence: Int64, afterPosition: Int64, lastPosition: Int64, eventCount: Int, ledgerHash: [UInt8], merkleRoot: [UInt8],
        previousCheckpointHash: [UInt8]?, signedAt: Timestamp, signer: [UInt8]
    ) {
        self.sequence = sequence
        self.afterPosition = afterPosition
        self.lastPosition = lastPosition
        self.eventCount = eventCount
        self.ledgerHash = ledgerHash
        self.merkleRoot = merkleRoot
        self.previousCheckpointHash = previousCheckpointHash
        self.signedAt = signedAt
        self.signer = signer
    }

    public var json: JSON {
        [
            "format": .string(Self.format),
            "formatVersion": .int(Self.formatVersion),
            "sequence": .number(String(sequence)),
            "afterPosition": .number(String(afterPosition)),
            "lastPosition": .number(String(lastPosition)),
            "eventCount": .int(eventCount),
            "ledgerHash": .string(Hex.encode(ledgerHash)),
            "merkleRoot": .string(Hex.encode(merkleRoot)),
            "previousCheckpointHash": previousCheckpointHash.map { .string(Hex.encode($0)) } ?? .null,
            "signedAt": .string(signedAt.rfc3339),
            "signer": [
                "algorithm": "Ed25519", "publicKey": .string(Base64.encode(signer)),
                "fingerprint": .string(AuditSigningKey.fingerprint(publicKey: signer)),
            ],
            "rules": [
                "ledgerHash": "sha256(eventHash || previous ledgerHash or 32 zero bytes)",
                "merkleTree": "RFC 6962: leaf sha256(0x00 || uint64be(position) || eventHash), node sha256(0x01 || left || right)",
            ],
        ]
    }

    /// The exact text that is signed.
    public var text: String { json.canonicalText }

    /// Reads a statement's text.
    /// - Throws: ``AuditFailure`` (kind `checkpoint`) naming what is missing.
    public init(text: String) throws(AuditFailure) {
        func bad(_ what: String) -> AuditFailure { AuditFailure(.checkpoint, message: "the checkpoint statement \(what)") }
        let json: JSON
        do { json = try JSONParser.parse(text) } catch { throw bad("is not JSON (\(error.description))") }
        guard json["format"]?.stringValue == Self.format else { throw bad("is not a \(Self.format)") }
        guard json["formatVersion"]?.intValue == Self.formatVersion else {
            throw bad("has format version \(json["formatVersion"]?.canonicalText ?? "none"), not \(Self.formatVersion); use a suivi that reads it")
        }
        func integer(_ name: String) throws(AuditFailure) -> Int64 {
            guard let value = json[name]?.intValue else { throw bad("has no whole number \(name)") }
            return Int64(value)
        }
        func digest(_ name: String) throws(AuditFailure) -> [UInt8] {
            guard let text = json[name]?.stringValue, let bytes = Hex.decode(text), bytes.count == 32 else {
                throw bad("has no 64-digit hex \(name)")
            }
            return bytes
        }
        sequence = try integer("sequence")
        afterPosition = try integer("afterPosition")
        lastPosition = try integer("lastPosition")
        eventCount = Int(try integer("eventCount"))
        ledgerHash = try digest("ledgerHash")
        merkleRoot = try digest("merkleRoot")
        previousCheckpointHash = json["previousCheckpointHash"] == .null ? nil : try digest("previousCheckpointHash")
        guard let time = json["signedAt"]?.stringValue.flatMap(Timestamp.init(rfc3339:)) else { throw bad("has no signedAt time") }
        signedAt = time
        guard json["signer"]?["algorithm"]?.stringValue == "Ed25519", let key = json["signer"]?["publicKey"]?.stringValue,
            let raw = Base64.decode(key), raw.count == 32
        else { throw bad("has no Ed25519 signer.publicKey in base64") }
        signer = raw
    }
}
