/// One login per job (issue 14): the operator's group role, which owns the read models so that a rebuild
/// run by the operator login can create the shadow schema and swap it in; the privileges of the operator
/// (dead letters, republish); and TRUNCATE refused on the outcomes as it is on the events.
///
/// Logins are created by the deployment (`ops/postgres/create-logins.sh`), not here: a migration runs
/// as the owner, which must not need the power to create logins with passwords.
enum Migration0008Logins {
    static let migration = Migration(version: 8, name: "operator role, read models owned by it, outcomes refuse TRUNCATE", sql: #"""
        DO $$
        BEGIN
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'suivi_operator') THEN
                BEGIN
                    CREATE ROLE suivi_operator NOLOGIN;
                EXCEPTION WHEN duplicate_object OR unique_violation THEN
                    NULL; -- created meanwhile by a migration of another database of this cluster
                END;
            END IF;
            -- Handing the read models to suivi_operator needs membership of it (unless superuser).
            IF NOT pg_has_role(current_user, 'suivi_operator', 'MEMBER') THEN
                EXECUTE format('GRANT suivi_operator TO %I', current_user);
            END IF;
            -- The shadow schema is created, and schemas renamed, by the operator.
            EXECUTE format('GRANT CREATE ON DATABASE %I TO suivi_operator', current_database());
        END
        $$;

        -- The read models belong to the operator's role: a swap renames suivi_read, which only its owner may.
        ALTER SCHEMA suivi_read OWNER TO suivi_operator;
        DO $$
        DECLARE
            item record;
        BEGIN
            FOR item IN
                SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'suivi_read' AND c.relkind IN ('r', 'p', 'v', 'm')
            LOOP
                EXECUTE format('ALTER %s suivi_read.%I OWNER TO suivi_operator',
                    CASE item.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END, item.relname);
            END LOOP;
        END
        $$;

        -- The operator reads the store, resolves dead letters, and rewinds offsets and cursors to republish.
        GRANT USAGE ON SCHEMA suivi TO suivi_operator;
        GRANT SELECT ON ALL TABLES IN SCHEMA suivi TO suivi_operator;
        GRANT UPDATE ON suivi.dead_letters TO suivi_operator;
        GRANT UPDATE ON suivi.consumer_offsets TO suivi_operator;
        GRANT INSERT, UPDATE ON suivi.relay_cursors TO suivi_operator;
        GRANT SELECT ON public.suivi_schema_migrations TO suivi_operator;

        -- Outcomes are append-only like events: TRUNCATE too is refused, for every role, the owner included.
        CREATE TRIGGER outcomes_no_truncate BEFORE TRUNCATE ON suivi.outcomes
            FOR EACH STATEMENT EXECUTE FUNCTION suivi.refuse_change();
        """#)
}
