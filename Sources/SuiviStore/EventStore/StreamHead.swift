public import SuiviDomain

/// What the decider needs of a stream to decide the next command: its folded state and the hash of
/// its last event (the next link of the chain).
public struct StreamHead: Sendable, Hashable {
    public var state: AggregateState
    public var lastHash: [UInt8]?

    public static let empty = StreamHead(state: .empty, lastHash: nil)

    public init(state: AggregateState, lastHash: [UInt8]?) {
        self.state = state
        self.lastHash = lastHash
    }
}
