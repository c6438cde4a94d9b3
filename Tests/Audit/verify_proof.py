#!/usr/bin/env python3
"""An independent verifier of Suivi inclusion proofs (`suivi audit prove`), written from the format alone.

    verify_proof.py PROOF.json --public-key BASE64

Checks, with hashlib and the `cryptography` package (PyPI) only:
  1. the event's hash is SHA-256(prevHash or 32 zero bytes || utf8(record));
  2. the leaf SHA-256(0x00 || uint64be(position) || hash), walked up the RFC 6962 audit path
     (RFC 9162, section 2.1.3.2) over a tree of the statement's eventCount leaves, gives its merkleRoot;
  3. the position is in the statement's range (afterPosition, lastPosition];
  4. the statement names the expected Ed25519 public key and the signature over utf8(statement) holds.
Exit 0 when all holds; 1 with one line saying what does not.
"""
import base64
import hashlib
import json
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


def fail(message):
    print(f"proof does not hold: {message}", file=sys.stderr)
    sys.exit(1)


def sha256(*parts):
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part)
    return digest.digest()


def root_from_path(leaf_hash, index, size, path):
    if index >= size:
        return None
    fn, sn, result = index, size - 1, leaf_hash
    for sibling in path:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            result = sha256(b"\x01", sibling, result)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            result = sha256(b"\x01", result, sibling)
        fn >>= 1
        sn >>= 1
    return result if sn == 0 else None


def main(argv):
    if len(argv) != 4 or argv[2] != "--public-key":
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    try:
        with open(argv[1], "rb") as handle:
            proof = json.loads(handle.read())
        expected_key = base64.b64decode(argv[3], validate=True)
    except (OSError, ValueError) as error:
        fail(f"cannot read the proof or the key: {error}")
    if proof.get("format") != "suivi.audit.proof" or proof.get("formatVersion") != 1:
        fail("not a suivi.audit.proof, format version 1")
    try:
        event = proof["event"]
        position = int(event["position"])
        record = event["record"].encode("utf-8")
        previous = bytes.fromhex(event["prevHash"]) if event["prevHash"] is not None else bytes(32)
        event_hash = bytes.fromhex(event["hash"])
        index = int(proof["leafIndex"])
        path = [bytes.fromhex(item) for item in proof["auditPath"]]
        statement_text = proof["checkpoint"]["statement"]
        signature = base64.b64decode(proof["checkpoint"]["signature"], validate=True)
        statement = json.loads(statement_text)
        root = bytes.fromhex(statement["merkleRoot"])
        size = int(statement["eventCount"])
        after, last = int(statement["afterPosition"]), int(statement["lastPosition"])
        signer = base64.b64decode(statement["signer"]["publicKey"], validate=True)
    except (KeyError, TypeError, ValueError) as error:
        fail(f"a member is missing or malformed: {error!r}")

    if sha256(previous, record) != event_hash:
        fail("the record does not hash to the event's hash")
    if not after < position <= last:
        fail(f"position {position} is outside the checkpoint's range {after + 1}-{last}")
    leaf = sha256(b"\x00", position.to_bytes(8, "big", signed=True), event_hash)
    if root_from_path(leaf, index, size, path) != root:
        fail("the audit path does not lead to the checkpoint's Merkle root")
    if signer != expected_key:
        fail("the checkpoint is not signed by the expected key")
    try:
        Ed25519PublicKey.from_public_bytes(signer).verify(signature, statement_text.encode("utf-8"))
    except InvalidSignature:
        fail("the checkpoint's signature does not hold")
    record_json = json.loads(record)
    print(f"OK: event {record_json.get('eventId')} at position {position} is leaf {index} of {size} "
          f"in checkpoint {statement['sequence']}, signed by the expected key")


if __name__ == "__main__":
    main(sys.argv)
