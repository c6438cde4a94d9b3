/// Which of the console's database connections a request gets, as a plain value: a free connection at
/// once, else a place in line; a connection given back goes to the longest-waiting request. No I/O, so
/// the hand-out is tested without a database.
struct ConnectionSlots<Waiter> {
    /// Connections nobody holds, by index; the next one handed out is the last.
    private(set) var free: [Int]
    /// Requests waiting for a connection, first come first served.
    private(set) var waiting: [Waiter] = []
    private var head = 0

    /// - Parameter count: How many connections there are (at least one).
    init(count: Int) {
        precondition(count >= 1, "a console needs at least one connection")
        free = Array((0..<count).reversed())
    }

    enum Take: Equatable {
        /// Use this connection now.
        case use(Int)
        /// Wait: the waiter will be handed a connection by ``giveBack(_:)``.
        case wait
    }

    /// A request asks for a connection.
    mutating func take(_ waiter: Waiter) -> Take {
        if let slot = free.popLast() { return .use(slot) }
        waiting.append(waiter)
        return .wait
    }

    /// A request is done with `slot`: returns the waiter that gets it now, or nil when it is free again.
    mutating func giveBack(_ slot: Int) -> (waiter: Waiter, slot: Int)? {
        guard head < waiting.count else {
            free.append(slot)
            return nil
        }
        let next = waiting[head]
        head += 1
        if head == waiting.count {
            waiting.removeAll(keepingCapacity: true)
            head = 0
        }
        return (next, slot)
    }

    /// Requests in line.
    var waitingCount: Int { waiting.count - head }
}
