/// The first read models, in their own schema (see ``ReadModelSchema``).
enum Migration0002ReadModels {
    static let migration = Migration(version: 2, name: "read models", sql: ReadModelSchema.initial(schema: ReadModelSchema.live))
}
