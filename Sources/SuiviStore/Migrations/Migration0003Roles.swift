/// Least privilege: one group role per job. Deployments grant them to login roles
/// (`GRANT suivi_decider TO decider_login`). Nobody, not even the decider, may UPDATE or DELETE events
/// or outcomes: the privilege is never granted, and the trigger of migration 1 refuses it for the owner.
enum Migration0003Roles {
    static let migration = Migration(version: 3, name: "least-privilege roles", sql: #"""
        DO $$
        DECLARE
            role_name text;
        BEGIN
            FOREACH role_name IN ARRAY ARRAY['suivi_decider', 'suivi_projector', 'suivi_auditor'] LOOP
                IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = role_name) THEN
                    BEGIN
                        EXECUTE format('CREATE ROLE %I NOLOGIN', role_name);
                    EXCEPTION WHEN duplicate_object OR unique_violation THEN
                        NULL; -- created meanwhile by a migration of another database of this cluster
                    END;
                END IF;
            END LOOP;
        END
        $$;

        REVOKE ALL ON ALL TABLES IN SCHEMA suivi FROM PUBLIC;
        REVOKE ALL ON ALL TABLES IN SCHEMA suivi_read FROM PUBLIC;

        -- The decider appends to the store and records outcomes, offsets, relay cursors, dead letters.
        GRANT USAGE ON SCHEMA suivi TO suivi_decider;
        GRANT SELECT, INSERT ON suivi.events, suivi.outcomes, suivi.dead_letters TO suivi_decider;
        GRANT SELECT, INSERT, UPDATE ON suivi.consumer_offsets, suivi.relay_cursors TO suivi_decider;
        GRANT SELECT ON public.suivi_schema_migrations TO suivi_decider, suivi_projector, suivi_auditor;

        -- The projector owns the read models; it reads the store (for rebuilds) and parks dead letters.
        GRANT USAGE ON SCHEMA suivi TO suivi_projector;
        GRANT SELECT ON suivi.events TO suivi_projector;
        GRANT SELECT, INSERT ON suivi.dead_letters TO suivi_projector;
        GRANT USAGE, CREATE ON SCHEMA suivi_read TO suivi_projector;
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA suivi_read TO suivi_projector;

        -- Auditors read everything and write nothing.
        GRANT USAGE ON SCHEMA suivi, suivi_read TO suivi_auditor;
        GRANT SELECT ON ALL TABLES IN SCHEMA suivi TO suivi_auditor;
        GRANT SELECT ON ALL TABLES IN SCHEMA suivi_read TO suivi_auditor;
        """#)
}
