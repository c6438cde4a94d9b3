public import SuiviDomain

/// The result of checking an ``InclusionProof`` offline.
public struct ProofCheck: Sendable, Hashable {
    public var eventID: String
    public var streamID: String
    public var version: Int
    public var position: Int64
    public var checkpointSequence: Int64
    public var checkpointSignedAt: String
    /// The fingerprint of the checkpoint's signer.
    public var signerFingerprint: String
    /// True when the signer was compared with an expected public key and matched.
    public var signerVerified = false
    public var firstFailure: AuditFailure?

    public var passed: Bool { firstFailure == nil }

    public var json: JSON {
        [
            "ok": .bool(passed), "eventId": .string(eventID), "streamId": .string(streamID), "version": .int(version),
            "position": .number(String(position)),
            "checkpoint": ["sequence": .number(String(checkpointSequence)), "signedAt": .string(checkpointSignedAt)],
            "signer": ["fingerprint": .string(signerFingerprint), "verified": .bool(signerVerified)],
            "firstFailure": firstFailure?.json ?? .null,
        ]
    }

    public var text: String {
        var lines = ["event \(eventID) (stream \(streamID), version \(version), position \(position)) in checkpoint \(checkpointSequence), signed \(checkpointSignedAt)"]
        lines.append("signer \(signerFingerprint)" + (signerVerified ? " (the expected key)" : " (compare it with the fingerprint you expect, or pass --public-key)"))
        if let firstFailure {
            lines.append("FAILED at \(firstFailure)")
        } else {
            lines.append("OK: the record hashes to its hash, the audit path leads to the signed Merkle root, the signature holds")
        }
        return lines.joined(separator: "\n")
    }
}
