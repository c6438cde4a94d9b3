/// The auditors' console on a large store: indexes for a State's pages and for search by the start of an
/// id (see ``ReadModelSchema/consoleIndexes(schema:)``). Version 8 is taken by another branch's migration.
enum Migration0009ConsoleIndexes {
    static let migration = Migration(
        version: 9, name: "console indexes", sql: ReadModelSchema.consoleIndexes(schema: ReadModelSchema.live))
}
