/// The event recorded when a regional consultation is scheduled.
public struct ConsultationScheduled: MessageData {
    public var schedule: ScheduleConsultation

    public init(schedule: ScheduleConsultation) { self.schedule = schedule }

    public static func read(_ reader: inout ObjectReader) -> ConsultationScheduled? {
        ScheduleConsultation.read(&reader).map(ConsultationScheduled.init(schedule:))
    }

    public var json: JSON { schedule.json }
}
