/// The read models auditors query: consents and their ledger, decisions, activities, consultations, the
/// report (see ``ReadModelSchema/auditModels(schema:)``).
enum Migration0005AuditModels {
    static let migration = Migration(
        version: 5, name: "audit read models",
        sql: ReadModelSchema.auditModels(schema: ReadModelSchema.live) + "\n"
            + ReadModelSchema.grants(schema: ReadModelSchema.live))
}
