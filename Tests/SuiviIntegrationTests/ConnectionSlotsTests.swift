@testable import SuiviConsole
import Testing

/// How the console hands out its database connections, as a plain value: no database needed.
@Suite struct ConnectionSlotsTests {
    @Test func freeConnectionsAreHandedOutThenRequestsWaitInLine() {
        var slots = ConnectionSlots<String>(count: 2)
        let first = slots.take("a"), second = slots.take("b")
        #expect(first != second)
        #expect(first != .wait && second != .wait)
        #expect(slots.take("c") == .wait)
        #expect(slots.take("d") == .wait)
        #expect(slots.waitingCount == 2)
        // A connection given back goes to the longest-waiting request, not back to the free list.
        guard case .use(let held) = first else { return }
        let next = slots.giveBack(held)
        #expect(next?.waiter == "c" && next?.slot == held)
        #expect(slots.free.isEmpty)
        #expect(slots.giveBack(held)?.waiter == "d")
        #expect(slots.waitingCount == 0)
        // With nobody waiting, it is free again and handed out at once.
        #expect(slots.giveBack(held) == nil)
        #expect(slots.take("e") == .use(held))
    }

    @Test func oneConnectionServesOneRequestAtATime() {
        var slots = ConnectionSlots<Int>(count: 1)
        #expect(slots.take(1) == .use(0))
        for waiter in 2...5 { #expect(slots.take(waiter) == .wait) }
        var order: [Int] = []
        while let next = slots.giveBack(0) { order.append(next.waiter) }
        #expect(order == [2, 3, 4, 5])
        #expect(slots.free == [0])
    }
}
