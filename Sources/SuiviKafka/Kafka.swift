import CRdKafka

/// Facts about the librdkafka that the dynamic loader picked for this process.
public enum Kafka {
    /// The version of the loaded librdkafka, e.g. `"2.8.0"`.
    public static var libraryVersion: String {
        String(cString: rd_kafka_version_str())
    }

    /// The oldest librdkafka Suivi runs against, as `rd_kafka_version()` encodes it (0xMMmmrrpp).
    static let minimumVersion: Int32 = 0x0203_0000

    /// Throws ``KafkaError/Code/libraryTooOld`` when the loader found a librdkafka older than 2.3.
    ///
    /// Binaries compiled against newer headers still load whatever `ldconfig` points at, and an old
    /// library fails much later with obscure protocol errors; every client checks this first.
    static func requireSupportedLibrary() throws(KafkaError) {
        guard rd_kafka_version() >= minimumVersion else {
            throw KafkaError(
                code: .libraryTooOld,
                message: "the loader found librdkafka \(libraryVersion); Suivi needs >= 2.3: "
                    + "run ops/stack install, then ldconfig"
            )
        }
    }
}
