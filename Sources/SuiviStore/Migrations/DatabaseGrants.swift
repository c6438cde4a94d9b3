/// Grants on the database itself, which `pg_dump` does not carry: after a restore into a new database
/// (or onto a new cluster) the operator's role could no longer create a rebuild's shadow schema. Every
/// `suivi migrate` applies them again (idempotent); a login that may not grant them (neither the
/// database's owner nor a superuser) leaves them as they are, with a notice.
enum DatabaseGrants {
    static let sql = #"""
        DO $$
        BEGIN
            IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'suivi_operator') THEN
                EXECUTE format('GRANT CREATE ON DATABASE %I TO suivi_operator', current_database());
            END IF;
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE NOTICE 'suivi: % may not grant CREATE on database % to suivi_operator; the owner must (ops/RUNBOOK.md, "Logins")',
                current_user, current_database();
        END
        $$;
        """#
}
