// swift-tools-version:6.0
import PackageDescription

/// An application that depends on Celery for Swift as any other would: by path here, by URL elsewhere.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "CeleryExamples",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "stats-service", targets: ["StatsServiceCommand"])
    ],
    dependencies: [
        .package(name: "MapPoster", path: ".."),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
    ],
    targets: [
        // The typed task, shared by the service that serves it and the code that sends it.
        .target(
            name: "WordStats",
            dependencies: [.product(name: "Celery", package: "MapPoster")],
            swiftSettings: swiftSettings
        ),
        // A Hummingbird app and a Celery worker in one ServiceGroup.
        .target(
            name: "StatsService",
            dependencies: [
                "WordStats",
                .product(name: "Celery", package: "MapPoster"),
                .product(name: "Redis", package: "MapPoster"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "StatsServiceCommand",
            dependencies: [
                "StatsService",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/stats-service",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "StatsServiceTests",
            dependencies: [
                "StatsService", "WordStats",
                .product(name: "Celery", package: "MapPoster"),
                .product(name: "Redis", package: "MapPoster"),
                .product(name: "MapPosterTesting", package: "MapPoster"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
