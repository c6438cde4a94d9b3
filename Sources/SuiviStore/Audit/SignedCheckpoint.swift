internal import Crypto
public import SuiviDomain

/// A checkpoint as it is stored, published and exported: the exact statement text and its Ed25519
/// signature. One line of JSON, `{"statement": TEXT, "signature": BASE64}`, is its portable form (the
/// value of each message on the checkpoints topic, and each line of `suivi audit checkpoints export`).
public struct SignedCheckpoint: Sendable, Hashable {
    /// The canonical JSON text that was signed.
    public var text: String
    public var signature: [UInt8]
    /// ``text`` read.
    public var statement: CheckpointStatement

    /// Signs a statement.
    public init(signing statement: CheckpointStatement, with key: AuditSigningKey) throws {
        text = statement.text
        signature = try key.sign(Array(text.utf8))
        self.statement = statement
    }

    /// A stored or received checkpoint.
    /// - Throws: ``AuditFailure`` (kind `checkpoint`) when the text is not a statement.
    public init(text: String, signature: [UInt8]) throws(AuditFailure) {
        self.text = text
        self.signature = signature
        statement = try CheckpointStatement(text: text)
    }

    /// Reads the portable form (one line of JSON, or the same object anywhere in a document).
    /// - Throws: ``AuditFailure`` (kind `checkpoint`).
    public init(json: JSON) throws(AuditFailure) {
        guard let text = json["statement"]?.stringValue, let signatureText = json["signature"]?.stringValue,
            let signature = Base64.decode(signatureText)
        else {
            throw AuditFailure(.checkpoint, message: "not a signed checkpoint: expected {\"statement\": TEXT, \"signature\": BASE64}")
        }
        try self.init(text: text, signature: signature)
    }

    /// The portable form.
    public var json: JSON { ["statement": .string(text), "signature": .string(Base64.encode(signature))] }

    /// SHA-256 of the statement text: what the next checkpoint's `previousCheckpointHash` names.
    public var hash: [UInt8] { Array(SHA256.hash(data: Array(text.utf8))) }

    /// Whether the signature is the statement's signer's over the statement text.
    public var signatureHolds: Bool {
        AuditSigningKey.isValid(signature: signature, of: Array(text.utf8), publicKey: statement.signer)
    }
}
