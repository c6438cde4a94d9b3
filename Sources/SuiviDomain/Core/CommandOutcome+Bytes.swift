extension CommandOutcome {
    /// The canonical bytes of ``json``, written member by member in their sorted order instead of building
    /// the object and sorting its keys: the decider publishes one for every command. A test holds the two
    /// byte for byte equal.
    public var canonicalBytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(320)
        func member(_ name: StaticString, first: Bool = false) {
            out.append(first ? UInt8(ascii: "{") : UInt8(ascii: ","))
            out.append(UInt8(ascii: "\""))
            name.withUTF8Buffer { out.append(contentsOf: $0) }
            out.append(UInt8(ascii: "\""))
            out.append(UInt8(ascii: ":"))
        }
        member("commandId", first: true)
        JSON.writeString(commandID, into: &out)
        if !commandType.isEmpty {
            member("commandType")
            JSON.writeString(commandType, into: &out)
        }
        member("duplicate")
        out.append(contentsOf: (duplicate ? "true" : "false").utf8)
        member("eventIds")
        out.append(UInt8(ascii: "["))
        for (index, id) in eventIDs.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            JSON.writeString(id, into: &out)
        }
        out.append(UInt8(ascii: "]"))
        member("reasons")
        out.append(UInt8(ascii: "["))
        for (index, reason) in reasons.enumerated() {
            out.append(contentsOf: (index > 0 ? ",{\"code\":" : "{\"code\":").utf8)
            JSON.writeString(reason.code.rawValue, into: &out)
            out.append(contentsOf: ",\"message\":".utf8)
            JSON.writeString(reason.message, into: &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
        member("recordedAt")
        JSON.writeString(recordedAt.rfc3339, into: &out)
        if let source {
            member("source")
            JSON.writeString(source, into: &out)
        }
        member("status")
        JSON.writeString(status.rawValue, into: &out)
        if !subject.isEmpty {
            member("subject")
            JSON.writeString(subject, into: &out)
        }
        if let traceparent {
            member("traceparent")
            JSON.writeString(traceparent, into: &out)
        }
        if status == .invalid {
            member("violations")
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
