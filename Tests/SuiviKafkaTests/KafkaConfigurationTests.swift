import Testing
@testable import SuiviKafka

@Suite("Configuration and errors")
struct KafkaConfigurationTests {
    @Test("secret property values never appear in descriptions")
    func redactsSecrets() {
        let configuration = KafkaConfiguration(
            brokers: "broker:9093",
            properties: [
                "sasl.password": "hunter2",
                "ssl.key.password": "pem-pass",
                "sasl.oauthbearer.client.secret": "s3cr3t",
                "security.protocol": "SASL_SSL",
            ]
        )

        let text = configuration.description

        #expect(!text.contains("hunter2"))
        #expect(!text.contains("pem-pass"))
        #expect(!text.contains("s3cr3t"))
        #expect(text.contains("security.protocol=SASL_SSL"))
        #expect(text.contains("sasl.password=<redacted>"))
    }

    @Test("an unknown property is refused with a configuration error naming it")
    func unknownPropertyIsRefused() {
        let configuration = KafkaConfiguration(brokers: testBrokers, properties: ["no.such.property": "1"])

        let error = #expect(throws: KafkaError.self) {
            _ = try KafkaProducer(configuration: configuration, logger: testLogger())
        }

        #expect(error?.code == .configuration)
        #expect(error?.message.contains("no.such.property") == true)
    }

    @Test("passwords, keys, secrets and tokens count as secret; ordinary properties do not")
    func recognisesSecretKeys() {
        for key in ["sasl.password", "ssl.key.password", "ssl.keystore.password", "sasl.oauthbearer.client.secret",
                    "sasl.oauthbearer.config", "sasl.jaas.config", "ssl.key.pem", "SASL.PASSWORD"] {
            #expect(KafkaConfiguration.isSecret(key), "\(key)")
        }
        for key in ["bootstrap.servers", "security.protocol", "sasl.mechanisms", "sasl.username", "linger.ms"] {
            #expect(!KafkaConfiguration.isSecret(key), "\(key)")
        }
    }

    @Test("the loaded librdkafka is new enough")
    func libraryIsSupported() throws {
        try Kafka.requireSupportedLibrary()
        let parts = Kafka.libraryVersion.split(separator: ".").compactMap { Int($0) }
        #expect(parts.count >= 2)
        #expect((parts[0], parts[1]) >= (2, 3))
    }
}
