#!/usr/bin/env python3
"""Outside baseline for the decider (issue 13): Message DB's append rate on this machine.

Creates a fresh database on the server of --dsn (or, with --in-place, uses the DSN's own database),
installs the vendored Message DB there (messagedb_install.py: its SQL unchanged, schema
message_store), then appends --messages messages round-robin over --streams streams with
message_store.write_message, --batch calls per transaction (psycopg's executemany, which pipelines
the calls), each with the expected version of its stream (Message DB's optimistic concurrency check,
as an application deciding on a stream's history would pass it). Each message's data is ~600 bytes of
JSON shaped like Suivi's events (an ActivityRecorded), its metadata a few fields like Suivi's.

Prints one JSON line on stdout:
    {"messagesPerSecond": ..., "messages": N, "batch": B, "streams": S, "seconds": ..., "version": "1.3.0"}
timed from the first call to the last commit (payloads are made before). Drops what it created (the
database, or with --in-place the schema message_store; the message_store role if it made it),
unless --keep.

    messagedb_append.py --dsn postgresql://suivi@127.0.0.1:54329/suivi --messages 50000 --streams 2000 --batch 1000
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import uuid

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import messagedb_install  # noqa: E402

WRITE = "SELECT message_store.write_message(%s, %s, %s, %s::jsonb, %s::jsonb, %s)"


def log(message: str) -> None:
    print(f"[messagedb] {message}", file=sys.stderr, flush=True)


def payloads(messages: int, streams: int):
    """(id, stream, type, data, metadata, expected_version) per message, made before the clock starts."""
    stream_ids = [f"assistanceCase-{uuid.uuid4().hex}" for _ in range(streams)]
    versions = [-1] * streams
    rows = []
    for i in range(messages):
        s = i % streams
        data = {
            "activityId": f"act-{i // streams + 1}",
            "capacities": ["coordination", "information-management"],
            "consentId": f"consent-{s}",
            "description": (
                "Séance de travail avec le secrétariat technique du mécanisme national de suivi : revue du plan "
                "de mise en œuvre des recommandations, répartition des points focaux et calendrier des rapports."
            ),
            "endDate": "2026-03-04",
            "kind": "training",
            "participants": 15 + i % 20,
            "provider": "ohchr-field-presence",
            "providerOffice": "OHCHR Regional Office for West Africa",
            "startDate": "2026-03-04",
            "title": "Atelier de renforcement des capacités du comité de suivi",
        }
        metadata = {
            "commandId": f"cmd-{uuid.uuid4().hex}",
            "actor": "kossi.agbeko@ohchr.org",
            "actorRole": "ohchr-officer",
            "occurredAt": "2026-03-04T09:00:00Z",
        }
        rows.append(
            (
                str(uuid.uuid4()),
                stream_ids[s],
                "ActivityRecorded",
                json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                json.dumps(metadata, separators=(",", ":")),
                versions[s],
            )
        )
        versions[s] += 1
    return rows


def append(dsn: str, rows, batch: int) -> float:
    with psycopg.connect(dsn, options=messagedb_install.SEARCH_PATH_OPTIONS) as conn:
        conn.prepare_threshold = 0  # one statement, run many times: prepare it once
        started = time.perf_counter()
        if batch <= 1:
            conn.autocommit = True
            for row in rows:
                conn.execute(WRITE, row)
        else:
            with conn.cursor() as cur:
                for start in range(0, len(rows), batch):
                    with conn.transaction():
                        cur.executemany(WRITE, rows[start : start + batch])
        elapsed = time.perf_counter() - started
        count = conn.execute("SELECT count(*) FROM message_store.messages").fetchone()[0]
        if count != len(rows):
            raise SystemExit(f"messagedb_append: {count} messages in the store, {len(rows)} written")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dsn", required=True, help="a database on the server to use (a fresh one is made beside it)")
    parser.add_argument("--messages", type=int, default=50000)
    parser.add_argument("--streams", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=1000, help="write_message calls per transaction (1: one each)")
    parser.add_argument("--in-place", action="store_true", help="install into the DSN's database instead of a new one")
    parser.add_argument("--keep", action="store_true", help="keep what was created")
    args = parser.parse_args()
    if args.messages < 1 or args.streams < 1 or args.batch < 1:
        parser.error("--messages, --streams and --batch must be positive")

    params = conninfo_to_dict(args.dsn)
    created_db = None
    if args.in_place:
        target = args.dsn
    else:
        created_db = f"messagedb_bench_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(args.dsn, autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(created_db)))
        target = make_conninfo(**{**params, "dbname": created_db})
        log(f"database {created_db}")
    installed = {}
    try:
        installed = messagedb_install.install(target, log=log)
        rows = payloads(args.messages, args.streams)
        avg = sum(len(r[3]) for r in rows) / len(rows)
        log(f"appending {args.messages} messages over {args.streams} streams, {args.batch} per transaction (data ~{avg:.0f} B)")
        elapsed = append(target, rows, args.batch)
        print(
            json.dumps(
                {
                    "messagesPerSecond": round(args.messages / elapsed, 1),
                    "messages": args.messages,
                    "batch": args.batch,
                    "streams": args.streams,
                    "seconds": round(elapsed, 3),
                    "version": installed["version"],
                }
            ),
            flush=True,
        )
    finally:
        if not args.keep:
            with psycopg.connect(args.dsn, autocommit=True) as conn:
                if created_db:
                    conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(created_db)))
                elif installed:
                    messagedb_install.uninstall(target, installed)
                if installed.get("createdRole"):
                    try:
                        conn.execute("DROP ROLE IF EXISTS message_store")
                    except psycopg.Error as error:  # still granted something elsewhere: leave it
                        log(f"kept the message_store role: {error}")


if __name__ == "__main__":
    main()
