public import SuiviDomain

/// A self-contained, signed copy of one case's events, which an auditor verifies offline with
/// ``check(expectedPublicKey:)``: no database, no broker.
///
/// The file is JSON: `{"body": {...}, "signature": BASE64}`. The body holds the format and its
/// version, the case id, when it was exported, each event's hashed record with its position,
/// `prevHash` and `hash` (hex), the head hash, the event count and the signer (`Ed25519`, the raw
/// public key in base64, its fingerprint). The signature is Ed25519 over the canonical bytes of the
/// body (compact JSON, keys sorted, the form ``JSON/canonicalBytes`` writes), so the layout of the
/// file (indentation, key order) does not matter but every value does. Each event's hash is
/// SHA-256 of the previous event's hash (32 zero bytes for the first) followed by the canonical
/// bytes of its record, exactly as the store computes it. `proofs` holds the ``InclusionProof`` of each
/// event that a signed checkpoint covered at export (each with its checkpoint), so that the bundle also
/// shows the events are in the ledger the checkpoints' signer saw.
public struct AuditBundle: Sendable {
    public static let format = "suivi.audit.bundle"
    public static let formatVersion = 1

    /// What is signed.
    public var body: JSON
    /// Ed25519 signature of the canonical bytes of ``body``.
    public var signature: [UInt8]

    public init(body: JSON, signature: [UInt8]) {
        self.body = body
        self.signature = signature
    }

    /// Builds and signs the bundle of one case's events.
    /// - Parameters:
    ///   - events: The case's events in version order, as read from the store.
    /// - Throws: When signing fails.
    public static func make(
        caseID: String, events: [AuditedEvent], proofs: [InclusionProof] = [], exportedAt: Timestamp, key: AuditSigningKey
    ) throws -> AuditBundle {
        let body: JSON = [
            "format": .string(format),
            "formatVersion": .int(formatVersion),
            "caseId": .string(caseID),
            "exportedAt": .string(exportedAt.rfc3339),
            "hashRule": "sha256(prevHash or 32 zero bytes || canonicalJSON(record))",
            "events": .array(events.map { event in
                [
                    "position": .number(String(event.position)),
                    "record": event.record,
                    "prevHash": event.previousHash.map { .string(Hex.encode($0)) } ?? .null,
                    "hash": .string(Hex.encode(event.hash)),
                ]
            }),
            "eventCount": .int(events.count),
            "proofs": .array(proofs.map(\.json)),
            "headHash": events.last.map { .string(Hex.encode($0.hash)) } ?? .null,
            "signer": [
                "algorithm": "Ed25519",
                "publicKey": .string(key.publicKeyBase64),
                "fingerprint": .string(key.fingerprint),
            ],
        ]
        return AuditBundle(body: body, signature: try key.sign(body.canonicalBytes))
    }

    /// The file's JSON.
    public var json: JSON {
        ["body": body, "signature": .string(Base64.encode(signature))]
    }

    /// Reads a bundle file.
    /// - Throws: ``AuditFailure`` (kind `bundle`) when the file is not a bundle.
    public static func parse(_ bytes: [UInt8]) throws(AuditFailure) -> AuditBundle {
        let json: JSON
        do { json = try JSONParser.parse(bytes) } catch {
            throw AuditFailure(.bundle, message: "the file is not JSON (\(error.description))")
        }
        guard let body = json["body"], body.objectValue != nil else {
            throw AuditFailure(.bundle, message: "the file is not an audit bundle: it has no \"body\" object")
        }
        guard let text = json["signature"]?.stringValue, let signature = Base64.decode(text) else {
            throw AuditFailure(.bundle, message: "the bundle has no base64 \"signature\"")
        }
        return AuditBundle(body: body, signature: signature)
    }

    /// Verifies the bundle: its format, every event's chain link, version and hash, the head, the
    /// signature and, when given, the signer.
    /// - Parameter expectedPublicKey: The raw public key the auditor expects to have signed it.
    /// - Parameter expectedCheckpointKey: The raw public key that must have signed the proofs' checkpoints.
    public func check(expectedPublicKey: [UInt8]? = nil, expectedCheckpointKey: [UInt8]? = nil) -> BundleCheck {
        var check = BundleCheck(
            caseID: body["caseId"]?.stringValue ?? "", exportedAt: body["exportedAt"]?.stringValue ?? "",
            eventsChecked: 0, headHash: body["headHash"]?.stringValue, signerPublicKey: "", signerFingerprint: "")
        check.firstFailure = firstProblem(&check, expectedPublicKey: expectedPublicKey)
            ?? proofProblem(&check, expectedCheckpointKey: expectedCheckpointKey)
        return check
    }

    /// Each proof must hold and prove one of the bundle's events (same position and hash).
    private func proofProblem(_ check: inout BundleCheck, expectedCheckpointKey: [UInt8]?) -> AuditFailure? {
        var hashes: [Int64: [UInt8]] = [:]
        for item in body["events"]?.arrayValue ?? [] {
            if let position = item["position"]?.intValue, let hash = item["hash"]?.stringValue.flatMap(Hex.decode) {
                hashes[Int64(position)] = hash
            }
        }
        for item in body["proofs"]?.arrayValue ?? [] {
            let proof: InclusionProof
            do { proof = try InclusionProof(json: item) } catch { return error }
            let result = proof.check(expectedPublicKey: expectedCheckpointKey)
            if let failure = result.firstFailure { return failure }
            guard hashes[proof.position] == proof.hash else {
                return AuditFailure(.proof, position: proof.position, message: "the proof is not of an event of the bundle (no event with that position and hash)")
            }
            check.proofsChecked += 1
            check.checkpointSigners.insert(result.signerFingerprint)
        }
        return nil
    }

    private func firstProblem(_ check: inout BundleCheck, expectedPublicKey: [UInt8]?) -> AuditFailure? {
        func bundle(_ message: String) -> AuditFailure { AuditFailure(.bundle, message: message) }
        guard body["format"]?.stringValue == Self.format else { return bundle("not a \(Self.format) (body.format is missing or different)") }
        guard body["formatVersion"]?.intValue == Self.formatVersion else {
            return bundle("format version \(body["formatVersion"]?.canonicalText ?? "none") is not \(Self.formatVersion); use a suivi that reads it")
        }
        guard let caseID = body["caseId"]?.stringValue else { return bundle("body.caseId is missing") }
        guard let signer = body["signer"], signer["algorithm"]?.stringValue == "Ed25519",
            let keyText = signer["publicKey"]?.stringValue, let publicKey = Base64.decode(keyText), publicKey.count == 32
        else { return bundle("body.signer is not an Ed25519 public key in base64") }
        check.signerPublicKey = keyText
        check.signerFingerprint = AuditSigningKey.fingerprint(publicKey: publicKey)
        guard let events = body["events"]?.arrayValue else { return bundle("body.events is missing") }

        var previous: [UInt8]?
        var seen: Set<String> = []
        for (index, item) in events.enumerated() {
            let record = item["record"] ?? .null
            let version = record["version"]?.intValue
            let eventID = record["eventId"]?.stringValue
            func failure(_ kind: AuditFailure.Kind, _ message: String) -> AuditFailure {
                AuditFailure(kind, streamID: record["streamId"]?.stringValue ?? caseID, version: version ?? index + 1,
                    position: item["position"]?.intValue.map(Int64.init), eventID: eventID, message: message)
            }
            guard record.objectValue != nil, let version, let eventID else {
                return failure(.unreadable, "event \(index + 1) of the bundle has no readable record (version and eventId)")
            }
            guard record["streamId"]?.stringValue == caseID else { return failure(.bundle, "the event belongs to another stream than case \(caseID)") }
            guard version == index + 1 else {
                return failure(version <= index ? .versionOrder : .versionGap, "expected version \(index + 1) at this place: versions must be 1, 2, 3... without gaps")
            }
            guard seen.insert(eventID).inserted else { return failure(.duplicateEventID, "the event id appears twice in the bundle") }
            let storedPrevious = item["prevHash"]?.stringValue.flatMap { Hex.decode($0) }
            if let previous {
                guard storedPrevious == previous else {
                    return failure(.brokenLink, "prevHash is not the hash of version \(version - 1)")
                }
            } else if let storedPrevious, storedPrevious != EventHash.genesis {
                return failure(.brokenLink, "the first event has a prevHash")
            }
            guard let hash = item["hash"]?.stringValue.flatMap({ Hex.decode($0) }), hash.count == 32 else {
                return failure(.unreadable, "the event has no 64-digit hex hash")
            }
            let expected = AuditedEvent.chainHash(previous: previous, record: record)
            guard expected == hash else {
                return failure(.hashMismatch,
                    "hash \(Hex.encode(hash)) is not the hash of the record in the bundle (\(Hex.encode(expected))): the event was altered")
            }
            previous = hash
            check.eventsChecked += 1
        }
        guard body["eventCount"]?.intValue == events.count else { return bundle("body.eventCount is not the number of events") }
        guard body["headHash"]?.stringValue.flatMap({ Hex.decode($0) }) == previous else {
            return bundle("body.headHash is not the hash of the last event: events were removed from the end")
        }
        guard AuditSigningKey.isValid(signature: signature, of: body.canonicalBytes, publicKey: publicKey) else {
            return bundle("the signature does not match the bundle body: the bundle was changed after it was signed")
        }
        if let expectedPublicKey, expectedPublicKey != publicKey {
            return AuditFailure(.wrongSigner,
                message: "signed by \(check.signerFingerprint), not by the expected key \(AuditSigningKey.fingerprint(publicKey: expectedPublicKey))")
        }
        check.signerVerified = expectedPublicKey != nil
        return nil
    }
}
