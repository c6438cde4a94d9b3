extension CommandOutcome {
    /// The canonical bytes of ``json``, written member by member in their sorted order instead of building
    /// the object and sorting its keys: the decider publishes one for every command. A test holds the two
    /// byte for byte equal.
    public var canonicalBytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(320)
        JSON.writeMemberName("commandId", first: true, into: &out)
        JSON.writeString(commandID, into: &out)
        if !commandType.isEmpty {
            JSON.writeMemberName("commandType", into: &out)
            JSON.writeString(commandType, into: &out)
        }
        JSON.writeMemberName("duplicate", into: &out)
        out.append(contentsOf: (duplicate ? "true" : "false").utf8)
        JSON.writeMemberName("eventIds", into: &out)
        out.append(UInt8(ascii: "["))
        for (index, id) in eventIDs.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            JSON.writeString(id, into: &out)
        }
        out.append(UInt8(ascii: "]"))
        JSON.writeMemberName("reasons", into: &out)
        out.append(UInt8(ascii: "["))
        for (index, reason) in reasons.enumerated() {
            out.append(contentsOf: (index > 0 ? ",{\"code\":" : "{\"code\":").utf8)
            JSON.writeString(reason.code.rawValue, into: &out)
            out.append(contentsOf: ",\"message\":".utf8)
            JSON.writeString(reason.message, into: &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
        JSON.writeMemberName("recordedAt", into: &out)
        JSON.writeString(recordedAt.rfc3339, into: &out)
        if let source {
            JSON.writeMemberName("source", into: &out)
            JSON.writeString(source, into: &out)
        }
        JSON.writeMemberName("status", into: &out)
        JSON.writeString(status.rawValue, into: &out)
        if !subject.isEmpty {
            JSON.writeMemberName("subject", into: &out)
            JSON.writeString(subject, into: &out)
        }
        if let traceparent {
            JSON.writeMemberName("traceparent", into: &out)
            JSON.writeString(traceparent, into: &out)
        }
        if status == .invalid {
            JSON.writeMemberName("violations", into: &out)
            out.append(UInt8(ascii: "["))
            for (index, violation) in violations.enumerated() {
                out.append(contentsOf: (index > 0 ? ",{\"code\":" : "{\"code\":").utf8)
                JSON.writeString(violation.code.rawValue, into: &out)
                out.append(contentsOf: ",\"message\":".utf8)
                JSON.writeString(violation.message, into: &out)
                out.append(contentsOf: ",\"path\":".utf8)
                JSON.writeString(violation.path, into: &out)
                out.append(UInt8(ascii: "}"))
            }
            out.append(UInt8(ascii: "]"))
        }
        out.append(UInt8(ascii: "}"))
        return out
    }
}
