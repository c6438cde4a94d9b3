public import SuiviDomain
internal import SuiviPostgres

extension EventStore {
    /// A place in the store's (stream, version) order: the last event read, or read and applied.
    public struct StreamCursor: Sendable, Hashable {
        public var streamID: String
        public var version: Int

        public init(streamID: String, version: Int) {
            self.streamID = streamID
            self.version = version
        }

        /// Before every stream (stream ids are never empty).
        public static let start = StreamCursor(streamID: "", version: 0)
    }

    /// Events whose positions lie in `positions` (lower end excluded), in stream and version order, after
    /// `cursor`, at most `limit`: how a rebuild reads each stream's events together, so that the rows a
    /// stream folds into are written once instead of once per chunk of the store's order.
    ///
    /// One walk of the `(stream_id, version)` index per call, resumed from the cursor (keyset paging).
    public func events(
        inStreamOrderAfter cursor: StreamCursor, positions: (after: Int64, through: Int64), limit: Int
    ) throws -> [RecordedEvent] {
        let result = try run("""
            SELECT \(unescaped: Self.eventColumns) FROM suivi.events
            WHERE (stream_id, version) > (\(cursor.streamID)::text, \(Int64(cursor.version))::int)
                AND position > \(positions.after) AND position <= \(positions.through)
            ORDER BY stream_id, version LIMIT \(limit)
            """)
        return try result.rows.map { try Self.decodeEvent($0).0 }
    }
}
