/// The per-stream version guard shared by every projection (see ``ReadModelSchema/streamVersions(schema:)``).
enum Migration0004StreamVersions {
    static let migration = Migration(
        version: 4, name: "read-model stream versions",
        sql: ReadModelSchema.streamVersions(schema: ReadModelSchema.live) + "\n" + ReadModelSchema.grants(schema: ReadModelSchema.live))
}
