#!/usr/bin/env python3
"""Publish Suivi's command examples to Kafka with a producer that is not Suivi's, in one content mode.

Usage:
    publish_examples.py --brokers HOST:PORT --topic TOPIC --producer sdk|kcat --mode structured|binary
                        --prefix TAG [--kcat PATH] [FILE...]

FILE... defaults to every `valid-N.json` and `invalid-N.json` under Schemas/examples/, in path order.

Each example is published once, its `id` and `subject` rewritten so that every run is decided on its own
streams: the subject with TAG, the id with TAG-<Command>-<valid-N|invalid-N> (the examples of a command
share an id). A conforming value becomes `T-value`; one that breaks the identifier pattern (an example of
that violation) becomes `value-T`, which keeps it broken. The Kafka key is the rewritten
`subject` (or `partitionkey` when the example sets one), as Suivi requires.

Producers:
  sdk   the CloudEvents Python SDK (PyPI `cloudevents`), sent with confluent-kafka.
        binary:     cloudevents.v1.kafka.to_binary on a cloudevents.v1.http.CloudEvent, data marshalled
                    with json.dumps (in SDK 1.x this module was `cloudevents.kafka`; 2.x keeps it as
                    `cloudevents.v1.kafka`).
        structured: cloudevents.core.bindings.kafka.to_structured with cloudevents.core.formats.json.JSONFormat
                    (the SDK 2.x API). The v1 module's to_structured is not used: it moves `datacontenttype`
                    out of the envelope into a `content-type: application/json` header, where the Kafka
                    binding (section 3.1) wants the event format's media type, application/cloudevents+json;
                    a consumer following the binding reads that as a binary-mode message.
  kcat  Debian's kafkacat (`kcat -P -b B -t T -k KEY -H name=value ... FILE`): structured sends the envelope
        with `content-type: application/cloudevents+json`; binary sends each attribute as a `ce_<name>`
        header, `datacontenttype` as `content-type`, and `data` as the value.

The SDK's event classes fill in `specversion`, `id` and `time` when they are missing and the 2.x class
checks attribute types; an invalid example is exactly what must be sent, so an attribute the SDK added is
taken out again, and an example the 2.x class refuses is built without its checks (noted as `unchecked`).

Binary mode carries attributes as header strings: an example whose envelope attribute is not a string
(or that has no `data`, or `data_base64`) has no binary form and is skipped in binary mode only, with a
note on standard error. Every message sent is checked to carry exactly the rewritten envelope (the
value parsed, or the headers and value read back as the binding says), so a producer's own changes
are caught here rather than blamed on Suivi: an example the SDK would change (the 2.x JSON format writes
the `data` of a non-JSON `datacontenttype` as a string) is skipped for the SDK with a note; for kcat, a
difference is an error.

Prints one JSON summary on standard output:
    {"producer", "mode", "prefix", "published": [{"file", "id", "subject", "key", "expectValid",
     "readableId"}], "skipped": [{"file", "reason"}], "notes": [...]}
Exit status 0 when every message was delivered, 1 otherwise, 2 on usage errors.
"""
import argparse
import copy
import datetime
import json
import pathlib
import re
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "Schemas" / "examples"
IDENTIFIER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")
STRUCTURED_CONTENT_TYPE = "application/cloudevents+json"


def example_files(arguments):
    if arguments:
        return [pathlib.Path(a).resolve() for a in arguments]
    return sorted(p for p in EXAMPLES.glob("*/*.json")
                  if re.fullmatch(r"(valid|invalid)-\d+\.json", p.name))


def tag(value, prefix):
    """TAG-value for a conforming identifier, value-TAG for one that breaks the pattern (keeps it broken)."""
    if isinstance(value, str) and IDENTIFIER.match(value):
        return f"{prefix}-{value}"
    if isinstance(value, str):
        return f"{value}-{prefix}"
    return value


def rewrite(envelope, prefix, path):
    """Ids unique per example (the examples of a command reuse one id) and per run; subjects per run, so the
    examples of a run share their aggregates as the files do."""
    envelope = copy.deepcopy(envelope)
    if isinstance(envelope, dict):
        if "id" in envelope:
            envelope["id"] = tag(envelope["id"], f"{prefix}-{path.parent.name}-{path.stem}")
        if "subject" in envelope:
            envelope["subject"] = tag(envelope["subject"], prefix)
    return envelope


def kafka_key(envelope):
    for name in ("partitionkey", "subject", "id"):
        if isinstance(envelope.get(name), str):
            return envelope[name]
    return "-"


def binary_form(envelope):
    """(headers as [(name, text)], value bytes) per the Kafka binding, or a reason there is none."""
    if not isinstance(envelope, dict):
        return None, "the message is not a JSON object"
    if "data" not in envelope:
        return None, "no `data` member: a binary-mode message always has a value"
    headers = []
    for name, value in envelope.items():
        if name == "data":
            continue
        if not isinstance(value, str):
            return None, f"attribute `{name}` is {type(value).__name__}, and a header is always a string"
        headers.append(("content-type" if name == "datacontenttype" else f"ce_{name}", value))
    return (headers, json.dumps(envelope["data"], ensure_ascii=False).encode("utf-8")), None


def envelope_from_binary(headers, value):
    """What a consumer following the binding reads back from a binary-mode message."""
    envelope = {}
    for name, raw in headers:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        if name.lower() == "content-type":
            envelope["datacontenttype"] = text
        elif name.startswith("ce_"):
            envelope[name[3:]] = text
    if value:
        envelope["data"] = json.loads(value)
    return envelope


# ---------------------------------------------------------------- the SDK

def sdk_binary(envelope, notes, file):
    from cloudevents.v1.http import CloudEvent
    from cloudevents.v1.kafka import to_binary

    attributes = {k: v for k, v in envelope.items() if k != "data"}
    if "type" not in attributes or "source" not in attributes:
        # The v1 class refuses an event without them; build it from a complete one, then remove them.
        event = CloudEvent({"type": "-", "source": "-", **attributes}, envelope.get("data"))
    else:
        event = CloudEvent(attributes, envelope.get("data"))
    for name in list(event.get_attributes()):
        if name not in attributes:
            del event[name]  # specversion, id or time the SDK made up
            notes.append(f"{file}: removed `{name}`, which the SDK added")
    message = to_binary(event, data_marshaller=json.dumps, key_mapper=lambda e: kafka_key(envelope))
    headers = list(message.headers.items())
    if "partitionkey" in envelope:
        # to_binary maps partitionkey to the key only; Suivi reads it as an attribute too.
        headers.append(("ce_partitionkey", envelope["partitionkey"].encode("utf-8")))
    return message.key, headers, message.value


def sdk_structured(envelope, notes, file):
    from cloudevents.core.bindings.kafka import to_structured
    from cloudevents.core.exceptions import BaseCloudEventException
    from cloudevents.core.formats.json import JSONFormat
    from cloudevents.core.v1.event import CloudEvent

    attributes = {k: v for k, v in envelope.items() if k != "data"}
    checked = dict(attributes)
    time = checked.get("time")
    if isinstance(time, str):
        try:
            parsed = datetime.datetime.fromisoformat(time.replace("Z", "+00:00"))
            if parsed.tzinfo and parsed.isoformat().replace("+00:00", "Z") == time:
                checked["time"] = parsed  # the SDK wants a datetime; it writes this one back identically
        except ValueError:
            pass
    try:
        given = set(checked)
        event = CloudEvent(checked, envelope.get("data"))
        if set(event.get_attributes()) != given:
            raise ValueError("the SDK added attributes")
    except (BaseCloudEventException, ValueError) as error:
        event = CloudEvent.__new__(CloudEvent)
        event._attributes = dict(attributes)
        event._data = envelope.get("data")
        notes.append(f"{file}: unchecked (the SDK's CloudEvent refuses it: {str(error).splitlines()[0][:120]})")
    message = to_structured(event, JSONFormat(), key_mapper=lambda e: kafka_key(envelope))
    return message.key, list(message.headers.items()), message.value


def send_confluent(brokers, topic, messages):
    from confluent_kafka import Producer

    producer = Producer({"bootstrap.servers": brokers, "enable.idempotence": False, "acks": "all",
                         "max.in.flight.requests.per.connection": 1, "linger.ms": 5})
    failures = []

    def delivered(error, message):
        if error is not None:
            failures.append(str(error))

    for key, headers, value in messages:
        producer.produce(topic, key=key, value=value, headers=headers, on_delivery=delivered)
        producer.poll(0)
    remaining = producer.flush(30)
    if remaining:
        failures.append(f"{remaining} messages not delivered within 30 s")
    return failures


# ---------------------------------------------------------------- kcat

def send_kcat(kcat, brokers, topic, messages):
    failures = []
    with tempfile.TemporaryDirectory() as folder:
        for number, (key, headers, value) in enumerate(messages):
            path = pathlib.Path(folder) / f"m{number}"
            path.write_bytes(value)
            command = [kcat, "-P", "-b", brokers, "-t", topic, "-k", key, "-X", "acks=all"]
            for name, text in headers:
                text = text.decode("utf-8") if isinstance(text, bytes) else text
                command += ["-H", f"{name}={text}"]
            command.append(str(path))
            done = subprocess.run(command, capture_output=True, text=True, timeout=60)
            if done.returncode != 0:
                failures.append(f"kcat exit {done.returncode}: {done.stderr.strip()[:300]}")
    return failures


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--brokers", required=True)
    parser.add_argument("--topic", required=True)
    parser.add_argument("--producer", choices=("sdk", "kcat"), required=True)
    parser.add_argument("--mode", choices=("structured", "binary"), required=True)
    parser.add_argument("--prefix", required=True)
    parser.add_argument("--kcat", default="kcat")
    parser.add_argument("files", nargs="*")
    options = parser.parse_args(argv)
    if not IDENTIFIER.match(options.prefix) or len(options.prefix) > 40:
        parser.error("--prefix must be a short identifier")

    summary = {"producer": options.producer, "mode": options.mode, "prefix": options.prefix,
               "published": [], "skipped": [], "notes": []}
    messages = []
    for path in example_files(options.files):
        file = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
        envelope = rewrite(json.loads(path.read_text(encoding="utf-8")), options.prefix, path)
        key = kafka_key(envelope)
        if options.mode == "binary":
            form, reason = binary_form(envelope)
            if form is None:
                summary["skipped"].append({"file": file, "reason": reason})
                print(f"note: {file} is not sent in binary mode: {reason}", file=sys.stderr)
                continue
        if options.producer == "sdk":
            produce = sdk_binary if options.mode == "binary" else sdk_structured
            key_bytes, headers, value = produce(envelope, summary["notes"], file)
            key = key_bytes.decode("utf-8") if isinstance(key_bytes, bytes) else key_bytes
        else:
            if options.mode == "binary":
                headers, value = form
            else:
                headers = [("content-type", STRUCTURED_CONTENT_TYPE)]
                value = json.dumps(envelope, ensure_ascii=False).encode("utf-8")
        # What was built is what the example says, and nothing else.
        if options.mode == "binary":
            carried = envelope_from_binary(headers, value)
        else:
            types = [v for n, v in headers if n.lower() == "content-type"]
            assert [t.decode() if isinstance(t, bytes) else t for t in types] == [STRUCTURED_CONTENT_TYPE], (file, headers)
            carried = json.loads(value)
        if carried != envelope:
            changed = sorted(k for k in set(carried) | set(envelope) if carried.get(k) != envelope.get(k))
            if options.producer == "sdk":
                # The SDK cannot send this example as it is (it rewrites what it does not expect).
                reason = f"the SDK's {options.mode} message changes {', '.join(changed)}: {json.dumps({k: carried.get(k) for k in changed}, ensure_ascii=False)[:200]}"
                summary["skipped"].append({"file": file, "reason": reason})
                print(f"note: {file} is not sent by the SDK in {options.mode} mode: {reason}", file=sys.stderr)
                continue
            print(f"error: {file}: the {options.producer} {options.mode} message changes {changed}", file=sys.stderr)
            return 1
        if key != kafka_key(envelope):
            print(f"error: {file}: key {key!r}, expected {kafka_key(envelope)!r}", file=sys.stderr)
            return 1
        messages.append((key, headers, value))
        summary["published"].append({
            "file": file, "id": envelope.get("id"), "subject": envelope.get("subject"), "key": key,
            "expectValid": path.name.startswith("valid-"),
            "readableId": isinstance(envelope.get("id"), str) and bool(IDENTIFIER.match(envelope["id"])),
        })

    if options.producer == "sdk":
        failures = send_confluent(options.brokers, options.topic, messages)
    else:
        failures = send_kcat(options.kcat, options.brokers, options.topic, messages)
    for note in summary["notes"]:
        print(f"note: {note}", file=sys.stderr)
    summary["failures"] = failures
    print(json.dumps(summary, ensure_ascii=False))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
