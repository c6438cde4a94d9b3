import SuiviApp
internal import SuiviPostgres

/// The operator's group role, `suivi_operator` (migration 8), owns the read-model schemas: a rebuild
/// creates the shadow, renames schemas and drops the retired one, which only an owner may do. Taking
/// the role for the session makes what the rebuild creates belong to the role, not to the login that
/// ran it, so that the next operator login (or the next migration) can rename it again.
enum OperatorRole {
    static let name = "suivi_operator"

    /// Runs the rest of the session as `suivi_operator`.
    /// - Throws: ``OperationFailure`` (exit 78: the configured login is the wrong one) naming the login to use.
    static func assume(on connection: PostgresConnection) throws {
        let member = try connection.query(
            "SELECT pg_has_role(current_user, \(name), 'MEMBER') AS ok, current_user::text AS login")[0]
        guard try member.bool("ok") else {
            throw OperationFailure(
                .configuration,
                "login \(try member.string("login")) is not a member of \(name): run rebuild with the operator login (ops/RUNBOOK.md, \"Logins\")")
        }
        try connection.execute("SET ROLE \(name)")
    }
}
