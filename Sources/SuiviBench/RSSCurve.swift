/// A worker's resident set against the work it has done, sampled through a run: its peak, and its slope
/// (MiB per 100,000 units of work) by least squares over the second half of the samples, once start-up
/// and the first fills of caches and buffers are behind it. Flat means a slope near zero.
struct RSSCurve {
    private(set) var samples: [(work: Double, mebibytes: Double)] = []

    mutating func add(work: Int, kibibytes: Int) {
        guard kibibytes > 0 else { return }
        samples.append((Double(work), Double(kibibytes) / 1024))
    }

    var peak: Double { samples.map(\.mebibytes).max() ?? 0 }

    /// MiB per 100,000 units of work over the second half of the samples; nil with fewer than 4 there, or
    /// when the work did not move.
    var slopePer100k: Double? {
        let half = Array(samples.suffix(samples.count / 2))
        guard half.count >= 4 else { return nil }
        let n = Double(half.count)
        let meanX = half.map(\.work).reduce(0, +) / n
        let meanY = half.map(\.mebibytes).reduce(0, +) / n
        var covariance = 0.0
        var variance = 0.0
        for sample in half {
            covariance += (sample.work - meanX) * (sample.mebibytes - meanY)
            variance += (sample.work - meanX) * (sample.work - meanX)
        }
        guard variance > 0 else { return nil }
        return covariance / variance * 100_000
    }
}
