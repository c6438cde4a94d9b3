import SuiviDomain
import Testing

@Suite struct TimestampTests {
    @Test(arguments: [
        ("2026-03-01T09:30:00Z", "2026-03-01T09:30:00Z"),
        ("2026-03-01T09:30:00.250+01:00", "2026-03-01T08:30:00.25Z"),
        ("2026-03-01t23:30:00-03:00", "2026-03-02T02:30:00Z"),
        ("2024-02-29T00:00:00Z", "2024-02-29T00:00:00Z"),
        ("1969-12-31T23:59:59.999999Z", "1969-12-31T23:59:59.999999Z"),
        ("2000-01-01T00:00:00+14:00", "1999-12-31T10:00:00Z"),
    ])
    func parsesAndWritesUTC(text: String, utc: String) throws {
        let stamp = try #require(Timestamp(rfc3339: text))
        #expect(stamp.rfc3339 == utc)
        #expect(Timestamp(rfc3339: stamp.rfc3339) == stamp)
    }

    @Test(arguments: [
        "2026-03-01", "2026-03-01T09:30:00", "2026-13-01T00:00:00Z", "2026-02-29T00:00:00Z", "2026-04-31T00:00:00Z",
        "2026-03-01T24:00:00Z", "2026-03-01T09:60:00Z", "2026-03-01 09:30:00Z", "2026-03-01T09:30:00.Z",
        "2026-03-01T09:30:00+0100", "2026-03-01T09:30:00+24:00", "26-03-01T09:30:00Z", "2026-03-01T09:30:00Zjunk",
    ])
    func rejectsWhatIsNotRFC3339(text: String) {
        #expect(Timestamp(rfc3339: text) == nil, "\(text) was accepted")
    }

    /// Year 0000 is RFC 3339, but PostgreSQL's text input refuses it: only years 0001 to 9999 in UTC are
    /// read, so that every accepted time can be stored and written back as RFC 3339 text.
    @Test func onlyYearsOneToNineThousandNineHundredNinetyNineInUTC() throws {
        for text in ["0000-01-01T00:00:00Z", "0000-12-31T23:59:59.999999Z", "0001-01-01T00:30:00+01:00",
            "9999-12-31T23:59:59-00:01", "9999-12-31T23:30:00-01:00"]
        {
            #expect(Timestamp(rfc3339: text) == nil, "\(text) was accepted")
        }
        #expect(CalendarDay(iso: "0000-06-01") == nil)
        #expect(ValidityBound(text: "0000-06-01") == nil)
        let first = try #require(Timestamp(rfc3339: "0001-01-01T00:00:00Z"))
        let last = try #require(Timestamp(rfc3339: "9999-12-31T23:59:59.999999Z"))
        #expect(first.microseconds == Timestamp.representable.lowerBound && first.rfc3339 == "0001-01-01T00:00:00Z")
        #expect(last.microseconds == Timestamp.representable.upperBound && last.rfc3339 == "9999-12-31T23:59:59.999999Z")
        #expect(Timestamp(rfc3339: "0001-01-01T00:30:00-01:00")?.rfc3339 == "0001-01-01T01:30:00Z")
    }

    @Test func roundTripsAcrossTheRange() {
        var micros: Int64 = -2_208_988_800_000_000  // 1900
        while micros < 4_102_444_800_000_000 {  // 2100
            let stamp = Timestamp(microseconds: micros)
            #expect(Timestamp(rfc3339: stamp.rfc3339) == stamp)
            micros += 86_399_123_457
        }
    }

    @Test func calendarDays() throws {
        let day = try #require(CalendarDay(iso: "2026-12-31"))
        #expect(day.description == "2026-12-31")
        #expect(day.start.rfc3339 == "2026-12-31T00:00:00Z")
        #expect(day.end.rfc3339 == "2026-12-31T23:59:59.999999Z")
        #expect(CalendarDay(iso: "2026-02-30") == nil)
        #expect(CalendarDay(iso: "2026-2-3") == nil)
        #expect(Timestamp(rfc3339: "2026-12-31T23:00:00-05:00")?.day.description == "2027-01-01")
    }

    /// Days are read and written without going through a timestamp's text: the same days as that way,
    /// every day of the years 0001 to 9999 (one day in 97 across the range, and both ends), with and without
    /// a string built.
    @Test func daysReadAndWrittenDirectlyAreTheTimestampsDays() {
        let first = CalendarDay(iso: "0001-01-01")!.daysSinceEpoch
        let last = CalendarDay(iso: "9999-12-31")!.daysSinceEpoch
        for days in Array(stride(from: first, through: last, by: 97)) + [last] {
            let day = CalendarDay(daysSinceEpoch: days)
            let text = String(day.start.rfc3339.prefix(10))
            #expect(day.description == text)
            var written: [UInt8] = []
            day.writeISO(into: &written)
            #expect(written == Array(text.utf8))
            #expect(CalendarDay(iso: text) == day)
        }
        let refused = [
            "0000-12-31", "2026-00-10", "2026-13-01", "2025-02-29", "2026-04-31", "2026-01-00", "2026-01-1x",
            "2026/01/01", "2026-01-011", "10000-01-01",
        ]
        for text in refused { #expect(CalendarDay(iso: text) == nil, "\(text)") }
        #expect(CalendarDay(iso: "2024-02-29") != nil)
    }

    @Test func validityBoundsCoverWholeDays() throws {
        let scope = Fixtures.scope(from: "2026-02-01", until: "2026-12-31")
        #expect(scope.isValid(at: Fixtures.time("2026-02-01T00:00:00Z")))
        #expect(scope.isValid(at: Fixtures.time("2026-12-31T23:59:59Z")))
        #expect(!scope.isValid(at: Fixtures.time("2027-01-01T00:00:00Z")))
        #expect(!scope.isValid(at: Fixtures.time("2026-01-31T23:59:59Z")))
        let precise = Fixtures.scope(from: "2026-02-01T12:00:00+01:00", until: "2026-02-02T12:00:00Z")
        #expect(!precise.isValid(at: Fixtures.time("2026-02-01T10:59:59Z")))
        #expect(precise.isValid(at: Fixtures.time("2026-02-01T11:00:00Z")))
        #expect(!precise.isValid(at: Fixtures.time("2026-02-02T12:00:01Z")))
    }
}
