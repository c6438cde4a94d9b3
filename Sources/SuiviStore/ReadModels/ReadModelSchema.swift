/// The read models' tables. They live in one schema so that a rebuild can fill a shadow schema with
/// the same DDL and swap it in; the projector's offsets live with them for the same reason.
public enum ReadModelSchema {
    /// The schema the CLI and the live projector use.
    public static let live = "suivi_read"

    /// Advisory lock taken shared by every projector batch and exclusively by a rebuild's swap, so that
    /// a swap never lands in the middle of a batch.
    public static let swapLockKey: Int64 = 0x5355_4956_4952  // "SUIVIR"

    /// Tables whose content is the read models (compared by `suivi rebuild --verify`). Bookkeeping
    /// tables (offsets, statistics, rebuild progress) are not content.
    public static let bookkeepingTables: Set<String> = ["projector_offsets", "projection_stats", "rebuild_progress", "stream_versions"]

    /// Columns that record when a row was written rather than what it says.
    public static let volatileColumns: Set<String> = ["updated_at"]

    /// The privileges of the job roles on a read-model schema (as migration 3 grants on the live one),
    /// for a shadow that will be swapped in.
    public static func grants(schema: String) -> String {
        """
        GRANT USAGE, CREATE ON SCHEMA \(schema) TO suivi_projector;
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA \(schema) TO suivi_projector;
        GRANT USAGE ON SCHEMA \(schema) TO suivi_auditor;
        GRANT SELECT ON ALL TABLES IN SCHEMA \(schema) TO suivi_auditor;
        """
    }

    /// The DDL of every read-model table, in `schema` (an identifier chosen by code, never by input):
    /// what a shadow is created with. The live schema got the same through the migrations that list
    /// each piece (``initial(schema:)`` in migration 2, ``streamVersions(schema:)`` in migration 4,
    /// ``auditModels(schema:)`` in migration 5, ``consoleIndexes(schema:)`` in migration 9,
    /// ``stateSummary(schema:)`` in migration 11, ``dropUnusedIndexes(schema:)`` in migration 13).
    public static func ddl(schema: String) -> String {
        [
            initial(schema: schema), streamVersions(schema: schema), auditModels(schema: schema), consoleIndexes(schema: schema),
            stateSummary(schema: schema), dropUnusedIndexes(schema: schema),
        ].joined(separator: "\n")
    }

    /// Migration 4's piece: the last version applied per stream, the guard that makes every projection
    /// apply each event once even when it is delivered twice.
    public static func streamVersions(schema: String) -> String {
        #"""
        CREATE TABLE \#(schema).stream_versions (
            stream_id     text    PRIMARY KEY,
            stream_type   text    NOT NULL,
            version       integer NOT NULL,
            last_position bigint  NOT NULL
        );
        """#
    }

    /// Migration 2's piece: offsets, statistics and the cases table.
    public static func initial(schema: String) -> String {
        #"""
        CREATE SCHEMA IF NOT EXISTS \#(schema);

        CREATE TABLE \#(schema).projector_offsets (
            group_id    text        NOT NULL,
            topic       text        NOT NULL,
            partition   integer     NOT NULL,
            next_offset bigint      NOT NULL,
            updated_at  timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (group_id, topic, partition)
        );

        -- Per consumer group: events applied, and events skipped because the row already had them
        -- (a republished event). Updated in each batch's transaction.
        CREATE TABLE \#(schema).projection_stats (
            group_id   text        PRIMARY KEY,
            applied    bigint      NOT NULL DEFAULT 0,
            skipped    bigint      NOT NULL DEFAULT 0,
            updated_at timestamptz NOT NULL DEFAULT now()
        );

        CREATE TABLE \#(schema).cases (
            case_id           text        PRIMARY KEY,
            state             text        NOT NULL,
            provider          text        NOT NULL,
            provider_office   text,
            purpose           text        NOT NULL,
            capacities        text[]      NOT NULL,
            tracking_tool     text,
            request_reference text,
            description       text,
            status            text        NOT NULL,
            requested_at      timestamptz NOT NULL,
            requested_by      text        NOT NULL,
            last_event_at     timestamptz NOT NULL,
            version           integer     NOT NULL,
            last_position     bigint      NOT NULL,
            updated_at        timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX cases_state ON \#(schema).cases (state);
        CREATE INDEX cases_status ON \#(schema).cases (status);
        CREATE INDEX cases_provider ON \#(schema).cases (provider);
        """#
    }
}
