import SuiviApp
import Foundation
import SuiviOperations
import SuiviDomain
import SuiviPostgres
import SuiviStore
import Testing

/// `suivi audit keygen`, `export` and `check`: a signed bundle made from the real store and checked
/// offline, with tampered and re-signed copies refused.
@Suite("Audit: signed case bundles", .serialized)
struct AuditBundleTests {
    /// No database, no broker, and configuration that would fail to load (exit 78) if it were read:
    /// what `check` must live with.
    static let offline = [
        "SUIVI_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/nowhere?connect_timeout=1",
        "SUIVI_KAFKA_BROKERS": "127.0.0.1:1",
        "SUIVI_PARTITIONS": "not-a-number",
    ]

    func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "suivi-audit-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func keygenExportAndOfflineCheckRoundTripThroughTheCLI() async throws {
        try await TestStack.withScope { scope in
            let owner = try scope.connect()
            let stored = try AuditFixtures.appendChain(owner, stream: "case-bundle-1", count: 4, state: "MDA")
            try AuditFixtures.appendChain(owner, stream: "case-bundle-2", count: 2)
            let dir = try temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: dir) }

            let keygen = try AuditFixtures.suivi(["audit", "keygen", "--out", "\(dir)/signer.pem", "--json"], scope)
            #expect(keygen.status == 0, "\(keygen.stderr)")
            let keyInfo = try JSONParser.parse(keygen.stdout)
            let publicKey = try #require(keyInfo["publicKey"]?.stringValue)
            let mode = try FileManager.default.attributesOfItem(atPath: "\(dir)/signer.pem")[.posixPermissions] as? Int
            #expect(mode == 0o600)
            let again = try AuditFixtures.suivi(["audit", "keygen", "--out", "\(dir)/signer.pem"], scope)
            #expect(again.status != 0 && again.stderr.contains("exists"), "a key is never overwritten")

            let noKey = try AuditFixtures.suivi(["audit", "export", "case-bundle-1", "--out", "\(dir)/b.json"], scope)
            #expect(noKey.status == 2)
            #expect(noKey.stderr.split(separator: "\n").count == 1 && noKey.stderr.contains("SUIVI_AUDIT_KEY_FILE"))

            let export = try AuditFixtures.suivi(["audit", "export", "case-bundle-1", "--out", "\(dir)/b.json"], scope,
                environment: ["SUIVI_AUDIT_KEY_FILE": "\(dir)/signer.pem", "SUIVI_DATABASE_URL": AuditFixtures.auditorURL(scope)])
            #expect(export.status == 0, "\(export.stderr)")
            let bundle = try JSONParser.parse(try String(contentsOfFile: "\(dir)/b.json", encoding: .utf8))
            #expect(bundle["body"]?["events"]?.arrayValue?.count == 4)
            #expect(bundle["body"]?["headHash"] == .string(Hex.encode(stored[3].hash)))
            #expect(bundle["body"]?["signer"]?["publicKey"] == .string(publicKey))

            let check = try AuditFixtures.suivi(["audit", "check", "\(dir)/b.json", "--public-key", publicKey, "--json"], scope,
                environment: Self.offline)
            #expect(check.status == 0, "\(check.stderr)")
            let result = try JSONParser.parse(check.stdout)
            #expect(result["ok"] == true && result["eventsChecked"] == 4 && result["signer"]?["verified"] == true)
            let unnamed = try AuditFixtures.suivi(["audit", "check", "\(dir)/b.json"], scope, environment: Self.offline)
            #expect(unnamed.status == 0)
            #expect(unnamed.stdout.contains(try #require(keyInfo["fingerprint"]?.stringValue)), "the fingerprint to compare")

            // One byte of one event changed: that event is named.
            let text = try String(contentsOfFile: "\(dir)/b.json", encoding: .utf8)
            let tampered = text.replacingOccurrences(of: "\"NV/2026/cmd-case-bundle-1-3\"", with: "\"NV/2026/cmd-case-bundle-1-8\"")
            #expect(tampered != text)
            try tampered.write(toFile: "\(dir)/tampered.json", atomically: true, encoding: .utf8)
            let bad = try AuditFixtures.suivi(["audit", "check", "\(dir)/tampered.json", "--public-key", publicKey], scope,
                environment: Self.offline)
            #expect(bad.status == 4)
            #expect(bad.stderr.split(separator: "\n").count == 1)
            #expect(bad.stderr.contains("version 3") && bad.stderr.contains(stored[2].recorded.metadata.eventID), "\(bad.stderr)")

            let unknown = try AuditFixtures.suivi(["audit", "export", "no-such-case", "--out", "\(dir)/x.json", "--key", "\(dir)/signer.pem"], scope)
            #expect(unknown.status == 1)
            let missingFile = try AuditFixtures.suivi(["audit", "check", "\(dir)/none.json"], scope, environment: Self.offline)
            #expect(missingFile.status == 3)
        }
    }

    @Test func aTamperedOrReSignedBundleFailsTheCheck() async throws {
        try await TestStack.withScope { scope in
            let owner = try scope.connect()
            try AuditFixtures.appendChain(owner, stream: "case-bundle-3", count: 3)
            let key = AuditSigningKey()
            let bundle = try CaseExport.bundle(connection: try AuditFixtures.auditorConnection(scope), caseID: "case-bundle-3", key: key,
                exportedAt: SystemClock.now())
            // Written, read back and checked: layout does not matter, values do.
            let parsed = try AuditBundle.parse(Array(bundle.json.prettyText().utf8))
            #expect(parsed.check(expectedPublicKey: key.publicKey).passed)

            // Rewriting history consistently (new record, recomputed hashes) and re-signing with another key:
            // valid on its own, refused against the original public key.
            var body = try #require(bundle.body.objectValue)
            var events = try #require(body["events"]?.arrayValue)
            var previous: [UInt8]?
            for index in events.indices {
                var event = try #require(events[index].objectValue)
                var record = try #require(event["record"]?.objectValue)
                if index == 1 { record["actor"] = "forger@example.org" }
                let hash = AuditedEvent.chainHash(previous: previous, record: .object(record))
                event["record"] = .object(record)
                event["prevHash"] = previous.map { .string(Hex.encode($0)) } ?? .null
                event["hash"] = .string(Hex.encode(hash))
                events[index] = .object(event)
                previous = hash
            }
            body["events"] = .array(events)
            body["headHash"] = .string(Hex.encode(previous!))
            let forger = AuditSigningKey()
            body["signer"] = ["algorithm": "Ed25519", "publicKey": .string(forger.publicKeyBase64), "fingerprint": .string(forger.fingerprint)]
            let resigned = AuditBundle(body: .object(body), signature: try forger.sign(JSON.object(body).canonicalBytes))
            #expect(resigned.check().passed, "consistent on its own")
            let against = resigned.check(expectedPublicKey: key.publicKey)
            #expect(against.firstFailure?.kind == .wrongSigner)

            // The same rewrite kept under the original signer's name: the signature no longer matches.
            body["signer"] = bundle.body["signer"]
            let unsigned = AuditBundle(body: .object(body), signature: bundle.signature)
            #expect(unsigned.check(expectedPublicKey: key.publicKey).firstFailure?.message.contains("signature") == true)

            // Only the export time changed: the hashes hold, the signature does not.
            var stamped = try #require(bundle.body.objectValue)
            stamped["exportedAt"] = "2030-01-01T00:00:00Z"
            #expect(AuditBundle(body: .object(stamped), signature: bundle.signature).check().firstFailure?.kind == .bundle)

            // The last event dropped: the head hash gives it away.
            var truncated = try #require(bundle.body.objectValue)
            truncated["events"] = .array(Array(try #require(truncated["events"]?.arrayValue).dropLast()))
            truncated["eventCount"] = 2
            #expect(AuditBundle(body: .object(truncated), signature: bundle.signature).check().firstFailure?.message.contains("headHash") == true)
        }
    }

    @Test func aBrokenChainIsNotExported() async throws {
        try await TestStack.withScope { scope in
            let owner = try scope.connect()
            let stored = try AuditFixtures.appendChain(owner, stream: "case-bundle-4", count: 3)
            try AuditFixtures.tamper(owner, "UPDATE suivi.events SET actor_role = 'provider' WHERE position = \(stored[1].position)")
            let dir = try temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: dir) }
            try AuditFiles.writeKey(AuditSigningKey(), to: "\(dir)/k.pem")
            let export = try AuditFixtures.suivi(["audit", "export", "case-bundle-4", "--out", "\(dir)/b.json", "--key", "\(dir)/k.pem"], scope)
            #expect(export.status == 4)
            #expect(export.stderr.contains(stored[1].recorded.metadata.eventID), "\(export.stderr)")
            #expect(!FileManager.default.fileExists(atPath: "\(dir)/b.json"))
        }
    }

    @Test func keysAndBase64ReadBackExactly() throws {
        let key = AuditSigningKey()
        let again = try AuditSigningKey(pem: key.pem)
        #expect(again.publicKey == key.publicKey)
        #expect(throws: StoreError.self) { try AuditSigningKey(pem: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n") }
        for length in 0..<7 {
            let bytes = (0..<length).map { UInt8($0 * 37 & 0xFF) }
            #expect(Base64.decode(Base64.encode(bytes)) == bytes)
        }
        #expect(Base64.encode(Array("foobar".utf8)) == "Zm9vYmFy" && Base64.encode(Array("fo".utf8)) == "Zm8=")
        #expect(Base64.decode("Zm9v!mFy") == nil)
    }
}
