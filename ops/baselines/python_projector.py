#!/usr/bin/env python3
"""Outside baseline for the projector (issue 13): what an integrator would write instead of suivi-projector.

Reads a Suivi events topic (CloudEvents 1.0 structured JSON, one event per message, key = subject;
Schemas/events/) from the beginning with confluent-kafka, and writes two read models with psycopg, in
one transaction per batch:

- ``timeline``: one row per event (stream, version, type, ids, actor, times), written with COPY;
- ``cases``: one row per assistance case (State, provider, status, version, last event time, count of
  activities, current consent), folded in memory from the rows the batch touches (one SELECT) and
  written with one aggregated upsert for the whole batch (unnest arrays, ON CONFLICT);
- ``offsets``: the next offset of each partition, so a restart resumes where the last commit ended.

An event delivered again (Suivi publishes at least once) is skipped: the fold ignores versions a case
already has, and a batch whose COPY hits a timeline row already there is redone through a temporary
table with ON CONFLICT DO NOTHING. The statuses follow Suivi's own rules (CaseStatus.after).

Makes its own schema (--schema, default baseline_projector; dropped first if there), consumes until it
has processed --expected messages, prints one JSON line on stdout

    {"eventsPerSecond": ..., "events": N, "batches": B, "seconds": ..., "skipped": D, "cases": C}

where eventsPerSecond is sustained like the bench's projector figure: the messages processed after the
first batch's commit, over the time from that commit to the last one. Drops its schema unless --keep.

    python_projector.py --bootstrap 127.0.0.1:9092 --topic bench-<tag>.events --dsn postgresql://... --expected 19800
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import uuid

import psycopg
from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, KafkaException, TopicPartition
from psycopg import sql

EVENT_PREFIX = "suivi.event."

DDL = """
CREATE SCHEMA {s};
CREATE TABLE {s}.timeline (
    stream_id   text        NOT NULL,
    version     integer     NOT NULL,
    stream_type text        NOT NULL,
    event_type  text        NOT NULL,
    event_id    uuid        NOT NULL,
    position    bigint      NOT NULL,
    occurred_at timestamptz NOT NULL,
    recorded_at timestamptz NOT NULL,
    actor       text        NOT NULL,
    actor_role  text        NOT NULL,
    command_id  text        NOT NULL,
    PRIMARY KEY (stream_id, version)
);
CREATE TABLE {s}.cases (
    case_id         text        PRIMARY KEY,
    state           text        NOT NULL,
    provider        text        NOT NULL,
    status          text        NOT NULL,
    version         integer     NOT NULL,
    last_event_at   timestamptz NOT NULL,
    activities      integer     NOT NULL,
    consent_id      text,
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cases_state ON {s}.cases (state);
CREATE INDEX cases_status ON {s}.cases (status);
CREATE TABLE {s}.offsets (
    topic       text    NOT NULL,
    partition   integer NOT NULL,
    next_offset bigint  NOT NULL,
    PRIMARY KEY (topic, partition)
);
"""

TIMELINE_COLUMNS = (
    "stream_id, version, stream_type, event_type, event_id, position, occurred_at, recorded_at, actor, actor_role, command_id"
)

UPSERT_CASES = """
INSERT INTO {s}.cases AS c (case_id, state, provider, status, version, last_event_at, activities, consent_id)
SELECT * FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[], %s::integer[], %s::timestamptz[], %s::integer[], %s::text[])
ON CONFLICT (case_id) DO UPDATE SET
    status = EXCLUDED.status, version = EXCLUDED.version, last_event_at = EXCLUDED.last_event_at,
    activities = EXCLUDED.activities, consent_id = EXCLUDED.consent_id, updated_at = now()
WHERE c.version < EXCLUDED.version
"""

UPSERT_OFFSETS = """
INSERT INTO {s}.offsets (topic, partition, next_offset)
SELECT %s, * FROM unnest(%s::integer[], %s::bigint[])
ON CONFLICT (topic, partition) DO UPDATE SET next_offset = EXCLUDED.next_offset
"""


def log(message: str) -> None:
    print(f"[python-projector] {message}", file=sys.stderr, flush=True)


def next_status(status: str, event_type: str, data: dict) -> str:
    """Suivi's CaseStatus.after."""
    if event_type == "AssistanceRequested":
        return "requested"
    if event_type == "ConsentGiven":
        return "consented" if status in ("requested", "suspended") else status
    if event_type == "ConsentWithdrawn":
        if not data.get("remainingConsentIds") and status in ("consented", "active"):
            return "suspended"
        return status
    if event_type == "AssistanceApproved":
        return "active"
    if event_type == "AssistanceDeclined":
        return "declined"
    if event_type == "CaseClosed":
        return "closed"
    return status


class Projector:
    def __init__(self, conn: psycopg.Connection, schema: str, topic: str):
        self.conn = conn
        self.schema = schema
        self.topic = topic
        s = sql.Identifier(schema)
        self.upsert_cases = sql.SQL(UPSERT_CASES).format(s=s)
        self.upsert_offsets = sql.SQL(UPSERT_OFFSETS).format(s=s)
        self.copy_timeline = sql.SQL("COPY {s}.timeline (" + TIMELINE_COLUMNS + ") FROM STDIN").format(s=s)
        self.select_cases = sql.SQL(
            "SELECT case_id, state, provider, status, version, last_event_at, activities, consent_id"
            " FROM {s}.cases WHERE case_id = ANY(%s)"
        ).format(s=s)
        self.skipped = 0

    def apply(self, messages) -> int:
        """Applies one batch in one transaction; returns the number of messages it covered."""
        timeline = []
        seen = set()
        case_events = []
        offsets = {}
        for message in messages:
            offsets[message.partition()] = message.offset() + 1
            event = json.loads(message.value())
            stream = event["subject"]
            version = event["sequence"]
            if (stream, version) in seen:
                self.skipped += 1
                continue
            seen.add((stream, version))
            event_type = event["type"][len(EVENT_PREFIX) :]
            timeline.append(
                (
                    stream,
                    version,
                    event["streamtype"],
                    event_type,
                    event["id"],
                    event["position"],
                    event["time"],
                    event["recordedat"],
                    event["actor"],
                    event["actorrole"],
                    event["commandid"],
                )
            )
            if event["streamtype"] == "AssistanceCase":
                case_events.append((stream, version, event_type, event["time"], event["data"]))

        with self.conn.transaction():
            cur = self.conn.cursor()
            try:
                with self.conn.transaction():  # a savepoint: a redelivered row fails the COPY alone
                    with cur.copy(self.copy_timeline) as copy:
                        for row in timeline:
                            copy.write_row(row)
            except psycopg.errors.UniqueViolation:
                self.copy_new_rows(cur, timeline)
            self.upsert_case_rows(cur, case_events)
            partitions = sorted(offsets)
            cur.execute(self.upsert_offsets, (self.topic, partitions, [offsets[p] for p in partitions]))
        return len(messages)

    def copy_new_rows(self, cur, timeline) -> None:
        s = sql.Identifier(self.schema)
        cur.execute(sql.SQL("CREATE TEMPORARY TABLE IF NOT EXISTS timeline_in (LIKE {s}.timeline) ON COMMIT DELETE ROWS").format(s=s))
        with cur.copy(sql.SQL("COPY timeline_in (" + TIMELINE_COLUMNS + ") FROM STDIN")) as copy:
            for row in timeline:
                copy.write_row(row)
        cur.execute(
            sql.SQL(
                "INSERT INTO {s}.timeline SELECT * FROM timeline_in ON CONFLICT (stream_id, version) DO NOTHING"
            ).format(s=s)
        )
        self.skipped += len(timeline) - cur.rowcount

    def upsert_case_rows(self, cur, case_events) -> None:
        if not case_events:
            return
        ids = list({e[0] for e in case_events})
        rows = {r[0]: list(r) for r in cur.execute(self.select_cases, (ids,))}
        changed = set()
        for stream, version, event_type, at, data in case_events:
            row = rows.get(stream)
            if row is None:
                if event_type != "AssistanceRequested":
                    continue  # not a case's first event: nothing to fold onto (as Suivi's CaseRow.apply)
                rows[stream] = [stream, data["state"], data["provider"], "requested", version, at, 0, None]
                changed.add(stream)
                continue
            if version <= row[4]:
                continue  # delivered again (counted as skipped by the timeline)
            row[3] = next_status(row[3], event_type, data)
            row[4] = version
            row[5] = at
            if event_type == "ActivityRecorded":
                row[6] += 1
            elif event_type == "ConsentGiven":
                row[7] = data["consentId"]
            elif event_type == "ConsentWithdrawn":
                remaining = data.get("remainingConsentIds") or []
                row[7] = remaining[-1] if remaining else None
            changed.add(stream)
        if not changed:
            return
        out = [rows[c] for c in sorted(changed)]
        cur.execute(self.upsert_cases, [[r[i] for r in out] for i in range(8)])


def assign_from_offsets(consumer: Consumer, conn: psycopg.Connection, schema: str, topic: str) -> int:
    metadata = consumer.list_topics(topic, timeout=30)
    if topic not in metadata.topics or metadata.topics[topic].error is not None:
        raise SystemExit(f"python_projector: topic {topic} not found")
    stored = dict(
        conn.execute(
            sql.SQL("SELECT partition, next_offset FROM {}.offsets WHERE topic = %s").format(sql.Identifier(schema)), (topic,)
        ).fetchall()
    )
    conn.commit()
    partitions = sorted(metadata.topics[topic].partitions)
    consumer.assign([TopicPartition(topic, p, stored.get(p, OFFSET_BEGINNING)) for p in partitions])
    return len(partitions)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bootstrap", required=True, help="Kafka bootstrap servers, HOST:PORT")
    parser.add_argument("--topic", required=True, help="a Suivi events topic")
    parser.add_argument("--dsn", required=True, help="the database to write the read models into")
    parser.add_argument("--expected", type=int, required=True, help="messages to process before stopping")
    parser.add_argument("--schema", default="baseline_projector")
    parser.add_argument("--batch", type=int, default=5000, help="most messages per batch (default 5000)")
    parser.add_argument("--idle-timeout", type=float, default=60.0, help="give up after this long with nothing new (s)")
    parser.add_argument("--keep", action="store_true", help="keep the schema")
    args = parser.parse_args()

    conn = psycopg.connect(args.dsn)
    s = sql.Identifier(args.schema)
    conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(s))
    conn.execute(sql.SQL(DDL).format(s=s))
    conn.commit()
    consumer = Consumer(
        {
            "bootstrap.servers": args.bootstrap,
            "group.id": f"baseline-projector-{uuid.uuid4().hex[:8]}",  # offsets live in the database
            "enable.auto.commit": False,
            "enable.auto.offset.store": False,
            "auto.offset.reset": "earliest",
            "fetch.min.bytes": 1,
            "fetch.wait.max.ms": 50,
        }
    )
    try:
        partitions = assign_from_offsets(consumer, conn, args.schema, args.topic)
        log(f"reading {args.topic} ({partitions} partitions) into schema {args.schema}, batches of up to {args.batch}")
        projector = Projector(conn, args.schema, args.topic)
        processed = 0
        batches = 0
        first = None
        last_progress = time.monotonic()
        while processed < args.expected:
            messages = consumer.consume(num_messages=min(args.batch, args.expected - processed), timeout=0.5)
            good = []
            for message in messages:
                error = message.error()
                if error is None:
                    good.append(message)
                elif error.code() != KafkaError._PARTITION_EOF:
                    raise KafkaException(error)
            if not good:
                if time.monotonic() - last_progress > args.idle_timeout:
                    raise SystemExit(
                        f"python_projector: {processed} of {args.expected} messages after {args.idle_timeout:.0f} s without new ones"
                    )
                continue
            processed += projector.apply(good)
            batches += 1
            last_progress = time.monotonic()
            if first is None:
                first = (last_progress, processed)
        end = time.monotonic()
        first_at, first_count = first if first else (end, 0)
        rate = (processed - first_count) / max(0.001, end - first_at) if batches > 1 else 0.0
        cases = conn.execute(sql.SQL("SELECT count(*) FROM {}.cases").format(s)).fetchone()[0]
        conn.commit()
        print(
            json.dumps(
                {
                    "eventsPerSecond": round(rate, 1),
                    "events": processed,
                    "batches": batches,
                    "seconds": round(end - first_at, 3),
                    "skipped": projector.skipped,
                    "cases": cases,
                }
            ),
            flush=True,
        )
    finally:
        consumer.close()
        if not args.keep:
            conn.rollback()
            conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(s))
            conn.commit()
        conn.close()


if __name__ == "__main__":
    main()
