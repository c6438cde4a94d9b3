#!/usr/bin/env python3
"""Installs the vendored Message DB 1.3.0 (ops/baselines/message-db/database) into one database.

Does what Message DB's own database/install.sh does, in its order and with its SQL files unchanged,
but through psycopg into the database a DSN names (no psql needed) and without creating a database:
the caller gives the database. The message_store role is created as install.sh creates it (a no-op
when it exists); when the connecting user may not create roles, the role and the grants to it are
skipped, which changes nothing for a client that connects with search_path=message_store,public.

    messagedb_install.py --dsn postgresql://suivi@127.0.0.1:54329/some_db

Message DB's functions name its table and helpers without a schema: a client must run them with the
schema message_store first on its search_path (the message_store role gets that from "$user").
Use ``SEARCH_PATH_OPTIONS`` in the connection's options.
"""

from __future__ import annotations

import argparse
import pathlib
import sys

import psycopg

DATABASE_DIR = pathlib.Path(__file__).resolve().parent / "message-db" / "database"
SEARCH_PATH_OPTIONS = "-c search_path=message_store,public"

# The files of install.sh, install-functions.sh, install-indexes.sh, install-views.sh and
# install-privileges.sh, in the order those scripts run them (after the role and the database).
ROLE_FILE = "roles/message-store.sql"
SCHEMA_FILES = [
    "schema/message-store.sql",
    "extensions/pgcrypto.sql",
    "tables/messages.sql",
    "types/message.sql",
    "functions/message-store-version.sql",
    "functions/hash-64.sql",
    "functions/acquire-lock.sql",
    "functions/category.sql",
    "functions/is-category.sql",
    "functions/id.sql",
    "functions/cardinal-id.sql",
    "functions/stream-version.sql",
    "functions/write-message.sql",
    "functions/get-stream-messages.sql",
    "functions/get-category-messages.sql",
    "functions/get-last-stream-message.sql",
    "indexes/messages-id.sql",
    "indexes/messages-stream.sql",
    "indexes/messages-category.sql",
    "views/stream-summary.sql",
    "views/type-summary.sql",
    "views/stream-type-summary.sql",
    "views/type-stream-summary.sql",
    "views/category-type-summary.sql",
    "views/type-category-summary.sql",
]
PRIVILEGE_FILES = [
    "privileges/schema.sql",
    "privileges/table.sql",
    "privileges/sequence.sql",
    "privileges/functions.sql",
    "privileges/views.sql",
]


def version() -> str:
    return (DATABASE_DIR / "VERSION.txt").read_text().strip()


def _run_file(conn: psycopg.Connection, name: str) -> None:
    # A file may hold several statements: without parameters psycopg sends it as one simple query.
    conn.execute((DATABASE_DIR / name).read_text())


def role_exists(conn: psycopg.Connection) -> bool:
    return conn.execute("SELECT 1 FROM pg_roles WHERE rolname = 'message_store'").fetchone() is not None


def install(dsn: str, log=lambda message: print(message, file=sys.stderr)) -> dict:
    """Installs Message DB into the database of ``dsn``; returns what it did (``createdRole``)."""
    with psycopg.connect(dsn, autocommit=True, options=SEARCH_PATH_OPTIONS) as conn:
        conn.execute("SET client_min_messages = warning")  # as install.sh's PGOPTIONS
        if conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = 'message_store'").fetchone():
            raise SystemExit("messagedb_install: schema message_store already exists in this database; use a fresh one")
        had_pgcrypto = conn.execute("SELECT 1 FROM pg_extension WHERE extname = 'pgcrypto'").fetchone() is not None
        had_role = role_exists(conn)
        can_create_role = conn.execute(
            "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user"
        ).fetchone()[0]
        with_role = had_role or can_create_role
        if not had_role and can_create_role:
            _run_file(conn, ROLE_FILE)
        elif not with_role:
            log("messagedb_install: cannot create the message_store role; skipping it and its grants")
        with conn.transaction():
            for name in SCHEMA_FILES:
                _run_file(conn, name)
            if with_role:
                for name in PRIVILEGE_FILES:
                    _run_file(conn, name)
        installed = conn.execute("SELECT message_store.message_store_version()").fetchone()[0]
    log(f"messagedb_install: Message DB {installed} installed (schema message_store)")
    return {"version": installed, "createdRole": not had_role and can_create_role, "createdPgcrypto": not had_pgcrypto}


def uninstall(dsn: str, created: dict) -> None:
    """Undoes ``install`` in a database that is kept: the schema, and what install created outside it."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("DROP SCHEMA IF EXISTS message_store CASCADE")
        if created.get("createdPgcrypto"):
            conn.execute("DROP EXTENSION IF EXISTS pgcrypto")
        if role_exists(conn):
            conn.execute("REVOKE ALL ON FUNCTION gen_random_uuid() FROM message_store")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dsn", required=True, help="the database to install into (it must exist)")
    args = parser.parse_args()
    install(args.dsn)


if __name__ == "__main__":
    main()
