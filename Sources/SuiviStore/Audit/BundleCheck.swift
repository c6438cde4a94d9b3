public import SuiviDomain

/// The result of checking an ``AuditBundle`` offline.
public struct BundleCheck: Sendable {
    public var caseID: String
    public var exportedAt: String
    /// Events whose link, version and hash held.
    public var eventsChecked: Int
    public var headHash: String?
    /// The signer's raw public key in base64, as the bundle names it.
    public var signerPublicKey: String
    /// The signer's fingerprint, for the auditor to compare with the one they expect.
    public var signerFingerprint: String
    /// True when the signer was compared with an expected public key and matched.
    public var signerVerified = false
    /// Inclusion proofs that held (events covered by a signed checkpoint at export).
    public var proofsChecked = 0
    /// The fingerprints of the keys that signed the proofs' checkpoints.
    public var checkpointSigners: Set<String> = []
    /// The first problem; `nil` when the bundle holds.
    public var firstFailure: AuditFailure?

    /// True when nothing was found wrong.
    public var passed: Bool { firstFailure == nil }

    /// The result for scripts.
    public var json: JSON {
        [
            "ok": .bool(passed),
            "caseId": .string(caseID),
            "exportedAt": .string(exportedAt),
            "eventsChecked": .int(eventsChecked),
            "headHash": headHash.map { .string($0) } ?? .null,
            "signer": ["publicKey": .string(signerPublicKey), "fingerprint": .string(signerFingerprint), "verified": .bool(signerVerified)],
            "proofsChecked": .int(proofsChecked),
            "checkpointSigners": .array(checkpointSigners.sorted().map { .string($0) }),
            "firstFailure": firstFailure?.json ?? .null,
        ]
    }

    /// A few lines for people.
    public var text: String {
        var lines = ["case \(caseID), exported \(exportedAt): \(eventsChecked) event\(eventsChecked == 1 ? "" : "s") checked"]
        lines.append("signer \(signerFingerprint)" + (signerVerified ? " (the expected key)" : " (compare it with the fingerprint you expect, or pass --public-key)"))
        if proofsChecked > 0 {
            lines.append("\(proofsChecked) inclusion proof\(proofsChecked == 1 ? "" : "s") hold, checkpoints signed by \(checkpointSigners.sorted().joined(separator: ", "))")
        }
        if let firstFailure {
            lines.append("FAILED at \(firstFailure)")
        } else {
            lines.append("OK: signature valid, every hash recomputes, versions and links are consecutive (head \(headHash ?? "none"))")
        }
        return lines.joined(separator: "\n")
    }
}
