import SuiviWorkers
import SuiviApp
import Testing

/// When the decider signs: at start, every N events, at most T seconds after an event, and a second after a
/// pass that did not finish.
@Suite struct CheckpointScheduleTests {
    @Test func dueAtStartThenEveryNEventsOrAfterTSeconds() {
        let start = ContinuousClock.now
        var schedule = CheckpointSchedule(maxEvents: 100, maxSeconds: 30)
        #expect(schedule.isDue(at: start), "what an earlier run left is covered at start")
        schedule.passed(finished: true, at: start)
        #expect(!schedule.isDue(at: start + .seconds(120)), "nothing committed: nothing to sign")
        schedule.committed(60, at: start + .seconds(1))
        #expect(!schedule.isDue(at: start + .seconds(2)))
        schedule.committed(40, at: start + .seconds(3))
        #expect(schedule.isDue(at: start + .seconds(3)), "100 events")
        schedule.passed(finished: true, at: start + .seconds(3))
        schedule.committed(1, at: start + .seconds(10))
        #expect(!schedule.isDue(at: start + .seconds(39)))
        #expect(schedule.isDue(at: start + .seconds(40)), "30 s after the first uncovered event")
        schedule.passed(finished: false, at: start + .seconds(40))
        #expect(!schedule.isDue(at: start + .milliseconds(40_500)), "not at once again, although the event still waits")
        #expect(schedule.isDue(at: start + .seconds(41)), "retried a second after a pass that did not finish")
        #expect(schedule.uncovered == 1, "still owed")
        schedule.passed(finished: true, at: start + .seconds(41))
        #expect(schedule.uncovered == 0 && schedule.retryAt == nil && !schedule.isDue(at: start + .seconds(100)))
    }
}
