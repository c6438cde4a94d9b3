/// Exponential back-off between retries of a failing batch: 100 ms doubling to a ceiling.
struct Backoff {
    private(set) var attempt = 0
    let ceiling: Duration

    init(ceiling: Duration = .seconds(5)) { self.ceiling = ceiling }

    mutating func next() -> Duration {
        defer { attempt += 1 }
        let delay = Duration.milliseconds(100) * (1 << min(attempt, 10))
        return min(delay, ceiling)
    }

    mutating func reset() { attempt = 0 }
}
