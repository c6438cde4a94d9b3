internal import Crypto
internal import SuiviDomain

/// The Ed25519 key that signs audit bundles.
///
/// On disk it is PKCS #8 in PEM (`-----BEGIN PRIVATE KEY-----`), the form OpenSSL reads and writes
/// (`openssl pkey -in KEY -pubout` prints its public key), holding the 32-byte raw private key.
public struct AuditSigningKey: Sendable {
    private let key: Curve25519.Signing.PrivateKey

    /// A new random key.
    public init() {
        key = Curve25519.Signing.PrivateKey()
    }

    /// The key of a PEM text as ``pem`` writes it.
    /// - Throws: ``StoreError`` (`invalidKey`) when the text is not an Ed25519 PKCS #8 private key.
    public init(pem: String) throws {
        let lines = pem.split(whereSeparator: \.isNewline).map { $0.trimmingSpaces }
        guard let begin = lines.firstIndex(of: "-----BEGIN PRIVATE KEY-----"),
            let end = lines.firstIndex(of: "-----END PRIVATE KEY-----"), begin < end,
            let der = Base64.decode(lines[(begin + 1)..<end].joined())
        else {
            throw StoreError(invalidKey: "not a PEM private key (expected -----BEGIN PRIVATE KEY-----, as `suivi audit keygen` writes)")
        }
        guard der.count == Self.pkcs8Prefix.count + 32, Array(der.prefix(Self.pkcs8Prefix.count)) == Self.pkcs8Prefix else {
            throw StoreError(invalidKey: "not an Ed25519 private key (PKCS #8, OID 1.3.101.112)")
        }
        do {
            key = try Curve25519.Signing.PrivateKey(rawRepresentation: der.suffix(32))
        } catch {
            throw StoreError(invalidKey: "the Ed25519 private key cannot be used: \(error)")
        }
    }

    /// The key as PKCS #8 PEM text.
    public var pem: String {
        let der = Self.pkcs8Prefix + Array(key.rawRepresentation)
        let text = Base64.encode(der)
        var lines = ["-----BEGIN PRIVATE KEY-----"]
        var rest = Substring(text)
        while !rest.isEmpty {
            lines.append(String(rest.prefix(64)))
            rest = rest.dropFirst(64)
        }
        lines.append("-----END PRIVATE KEY-----")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The raw 32-byte public key.
    public var publicKey: [UInt8] { Array(key.publicKey.rawRepresentation) }

    /// The public key in base64, as `suivi audit check --public-key` takes it.
    public var publicKeyBase64: String { Base64.encode(publicKey) }

    /// The fingerprint of the public key, as ``fingerprint(publicKey:)`` computes it.
    public var fingerprint: String { Self.fingerprint(publicKey: publicKey) }

    /// Signs `bytes` (Ed25519).
    public func sign(_ bytes: [UInt8]) throws -> [UInt8] {
        Array(try key.signature(for: bytes))
    }

    /// `SHA256:` and the hexadecimal SHA-256 of the raw 32-byte public key.
    public static func fingerprint(publicKey: [UInt8]) -> String {
        "SHA256:" + Hex.encode(SHA256.hash(data: publicKey))
    }

    /// Whether `signature` is `publicKey`'s Ed25519 signature of `bytes`.
    public static func isValid(signature: [UInt8], of bytes: [UInt8], publicKey: [UInt8]) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else { return false }
        return key.isValidSignature(signature, for: bytes)
    }

    /// PKCS #8 v1 header of an Ed25519 private key (RFC 8410): SEQUENCE, version 0, AlgorithmIdentifier
    /// 1.3.101.112, then an OCTET STRING holding the 32-byte OCTET STRING of the key.
    static let pkcs8Prefix: [UInt8] = [
        0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
    ]
}

extension Substring {
    var trimmingSpaces: String {
        var view = self
        while view.first?.isWhitespace == true { view.removeFirst() }
        while view.last?.isWhitespace == true { view.removeLast() }
        return String(view)
    }
}
