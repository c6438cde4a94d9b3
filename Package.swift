// swift-tools-version:6.2
// The package graph is the architecture. Dependencies point one way:
//   C shims (CLibPQ, CRdKafka) -> thin wrappers (SuiviPostgres, SuiviKafka)
//   pure domain (SuiviDomain: no I/O, no C)
//   -> store (SuiviStore: event store, outcomes, read models over SuiviPostgres)
//   -> application (SuiviApp: configuration, decider and projector workers over SuiviKafka)
//   -> console (SuiviConsole: the auditors' read-only web console over the store and the reports)
//   -> executables (suivi, suivi-decider, suivi-projector)
import PackageDescription

let strict: [SwiftSetting] = [
    .treatAllWarnings(as: .error),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "suivi",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "suivi", targets: ["SuiviCLI"]),
        .executable(name: "suivi-decider", targets: ["SuiviDecider"]),
        .executable(name: "suivi-projector", targets: ["SuiviProjector"]),
        .executable(name: "suivi-bench", targets: ["SuiviBench"]),
        .library(name: "SuiviDomain", targets: ["SuiviDomain"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // The console's HTTP server; no traits: the console needs neither swift-configuration nor full Foundation.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        // C libraries: one system library each, found through pkg-config.
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .systemLibrary(
            name: "CRdKafka",
            pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"])]
        ),

        // Thin wrappers: the only places that see C types.
        .target(
            name: "SuiviPostgres",
            dependencies: ["CLibPQ", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .target(
            name: "SuiviKafka",
            dependencies: ["CRdKafka", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),

        // The mandate's rules, in pure Swift.
        .target(
            name: "SuiviDomain",
            swiftSettings: strict
        ),

        // The system of record and the read models.
        .target(
            name: "SuiviStore",
            dependencies: [
                "SuiviDomain", "SuiviPostgres",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        // Configuration and the workers that join Kafka and the store.
        .target(
            name: "SuiviApp",
            dependencies: [
                "SuiviDomain", "SuiviStore", "SuiviKafka", "SuiviPostgres",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict
        ),

        // The auditors' console (`suivi serve`): pages over the read models, the store and the reports.
        // Its page logic is plain values (ConsoleRequest -> ConsoleResponse); Hummingbird only carries them.
        .target(
            name: "SuiviConsole",
            dependencies: [
                "SuiviApp", "SuiviDomain", "SuiviStore", "SuiviPostgres",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strict
        ),

        .executableTarget(
            name: "SuiviCLI",
            dependencies: [
                "SuiviApp", "SuiviDomain", "SuiviStore", "SuiviConsole",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "SuiviDecider",
            dependencies: [
                "SuiviApp",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "SuiviProjector",
            dependencies: [
                "SuiviApp",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),

        // The benchmark (ops/bench): the workers against the machine's own limits.
        .executableTarget(
            name: "SuiviBench",
            dependencies: [
                "SuiviApp", "SuiviDomain", "SuiviStore", "SuiviKafka", "SuiviPostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        // The envelope decoders under libFuzzer (`ops/fuzz`); built normally, it replays inputs.
        .executableTarget(
            name: "SuiviFuzz",
            dependencies: ["SuiviDomain"],
            swiftSettings: strict
        ),

        // The fault suite's driver (`ops/faults`): workload, faults, and the end-state invariants.
        .executableTarget(
            name: "SuiviFaults",
            dependencies: [
                "SuiviApp", "SuiviDomain", "SuiviStore", "SuiviKafka", "SuiviPostgres",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        .testTarget(
            name: "SuiviDomainTests",
            dependencies: ["SuiviDomain", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: strict
        ),
        // The decider's bookkeeping as plain values (ordering, holding, idempotency): no database, no broker.
        .testTarget(
            name: "SuiviStoreTests",
            dependencies: ["SuiviStore", "SuiviDomain"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SuiviPostgresTests",
            dependencies: ["SuiviPostgres", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SuiviKafkaTests",
            dependencies: ["SuiviKafka", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SuiviIntegrationTests",
            dependencies: [
                "SuiviApp", "SuiviStore", "SuiviDomain", "SuiviKafka", "SuiviPostgres", "SuiviConsole",
                // `@testable import SuiviBench`: the event-schema test decides the bench's own workload.
                "SuiviBench",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict
        ),
    ]
)
