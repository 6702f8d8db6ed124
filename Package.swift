// swift-tools-version:6.0
import PackageDescription

/// One settings array, applied to every target (STYLE.md §1).
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "MapPoster",
    platforms: [.macOS(.v15)],
    products: [],
    dependencies: [],
    targets: []
)

// Each concern appends its own products, dependencies and targets below, one block per concern, each target declared
// whole in its concern's block, so the module map of DESIGN.md reads top to bottom.

// MARK: - Map features (the model shared by OSM, PosterDesign and Render)
package.targets += [
    .target(name: "MapFeatures", swiftSettings: swiftSettings),
    .testTarget(
        name: "MapFeaturesTests", dependencies: ["MapFeatures", "MapPosterTesting"], swiftSettings: swiftSettings),
]

// MARK: - Settings (the one rule by which every executable reads its environment variables)
package.targets += [
    .target(name: "Settings", swiftSettings: swiftSettings),
    .testTarget(name: "SettingsTests", dependencies: ["Settings"], swiftSettings: swiftSettings),
]

// MARK: - Blocking work (the one thread pool for work that blocks, off Swift's cooperative pool)
package.targets += [
    .target(
        name: "BlockingWork",
        dependencies: [
            .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ],
        swiftSettings: swiftSettings
    ),
    .testTarget(
        name: "BlockingWorkTests",
        dependencies: [
            "BlockingWork", .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
        ],
        swiftSettings: swiftSettings
    ),
]

// MARK: - Test support (only test targets depend on it)
package.targets += [
    // glibc's posix_spawn_file_actions_addclosefrom_np, for the worker's pool processes and the tests' servers.
    .systemLibrary(name: "CSpawn"),
    .target(
        name: "MapPosterTesting",
        dependencies: [
            "CSpawn", "BlockingWork", "Redis", .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ],
        swiftSettings: swiftSettings
    ),
]

// MARK: - Redis (hiredis)
package.dependencies += [
    .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
    .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
    .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.0"),
]
package.targets += [
    .systemLibrary(name: "CHiredis", pkgConfig: "hiredis", providers: [.apt(["libhiredis-dev"])]),
    .target(
        name: "Redis",
        dependencies: [
            "CHiredis", "Settings",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "NIOTLS", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ],
        swiftSettings: swiftSettings
    ),
    .testTarget(name: "RedisTests", dependencies: ["Redis", "MapPosterTesting"], swiftSettings: swiftSettings),
]

// MARK: - JSON (order-preserving values, Python-compatible text)
package.targets += [
    .target(name: "JSON", swiftSettings: swiftSettings),
    .testTarget(name: "JSONTests", dependencies: ["JSON"], swiftSettings: swiftSettings),
]

// MARK: - Celery (protocol, kombu-compatible broker, result backend, producer, worker)
package.dependencies += [
    .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0")
]
package.targets += [
    // kombu's default body compressions besides zlib (CZlib, below): bzip2 and lzma (xz).
    .systemLibrary(name: "CBzip2", providers: [.apt(["libbz2-dev"])]),
    .systemLibrary(name: "CLzma", pkgConfig: "liblzma", providers: [.apt(["liblzma-dev"])]),
    .target(
        name: "Celery",
        dependencies: [
            "Redis", "JSON", "CZlib", "CBzip2", "CLzma", "CSpawn",
            .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ],
        swiftSettings: swiftSettings
    ),
    .testTarget(
        name: "CeleryTests",
        dependencies: ["Celery", "CeleryFuzzing", "JSON", "Redis", "MapPosterTesting", "CZlib"],
        exclude: ["saferepr_reference.py"],
        swiftSettings: swiftSettings
    ),
    .testTarget(
        name: "IntegrationTests",
        dependencies: [
            "Settings", "Celery", "Redis", "JSON", "Curl", "S3", "MapPosterTesting",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ],
        exclude: ["python"],
        swiftSettings: swiftSettings
    ),
]

// MARK: - Worker executables (mapposter-worker registers the poster task, below)
package.dependencies += [
    .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.0")
]
package.products += [
    .executable(name: "mapposter-worker", targets: ["MapPosterWorker"]),
    .executable(name: "celery-test-worker", targets: ["CeleryTestWorker"]),
]
package.targets += [
    .target(
        name: "WorkerCLI",
        dependencies: [
            "Settings", "Celery", "Redis",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "UnixSignals", package: "swift-service-lifecycle"),
        ],
        swiftSettings: swiftSettings
    ),
    .executableTarget(
        name: "MapPosterWorker",
        dependencies: [
            "Settings", "WorkerCLI", "Celery", "JSON", "PosterSchema", "PosterJob", "BlockingWork",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ],
        path: "Sources/mapposter-worker",
        swiftSettings: swiftSettings
    ),
    .executableTarget(
        name: "CeleryTestWorker",
        dependencies: [
            "Settings", "WorkerCLI", "Celery", "Redis", "JSON",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ],
        path: "Sources/celery-test-worker",
        swiftSettings: swiftSettings
    ),
    .testTarget(
        name: "WorkerCLITests",
        dependencies: [
            "WorkerCLI", "Settings", "Celery", "Redis", .product(name: "Logging", package: "swift-log"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ],
        swiftSettings: swiftSettings
    ),
]

// MARK: - Fuzzing the decoders of outside input: Celery's, and map data's (scripts/fuzz)
package.targets += [
    .target(name: "CeleryFuzzing", dependencies: ["Celery", "JSON", "Redis"], swiftSettings: swiftSettings),
    .target(name: "MapDataFuzzing", dependencies: ["MapStore", "OSM"], swiftSettings: swiftSettings),
]
// The fuzzers link libFuzzer's driver, which only `-sanitize=fuzzer` brings, so they exist only in the
// fuzzing build that scripts/fuzz makes with MAPPOSTER_FUZZ=1.
if Context.environment["MAPPOSTER_FUZZ"] != nil {
    package.targets += [
        .target(name: "FuzzDriver", path: "Fuzz/FuzzDriver", swiftSettings: swiftSettings),
        .executableTarget(
            name: "CeleryFuzzer",
            dependencies: ["CeleryFuzzing", "FuzzDriver"],
            path: "Fuzz/CeleryFuzzer",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "MapDataFuzzer",
            dependencies: ["MapDataFuzzing", "FuzzDriver"],
            path: "Fuzz/MapDataFuzzer",
            swiftSettings: swiftSettings
        ),
    ]
}

// MARK: - OSM data, HTTP over libcurl, geocoding
package.products += [
    .library(name: "Curl", targets: ["Curl"]),
    .library(name: "OSM", targets: ["OSM"]),
    .library(name: "Geocoding", targets: ["Geocoding"]),
]
package.targets += [
    .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
    .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
    .target(name: "Curl", dependencies: ["CCurl", "BlockingWork"], swiftSettings: swiftSettings),
    .target(
        name: "OSM", dependencies: ["Settings", "MapFeatures", "Curl", "CIsal", "BlockingWork"],
        swiftSettings: swiftSettings),
    .target(
        name: "Geocoding",
        dependencies: ["Settings", "MapFeatures", "Curl", "BlockingWork"],
        resources: [.copy("Resources/cities.tsv"), .copy("Resources/countries.tsv")],
        swiftSettings: swiftSettings
    ),
    .executableTarget(name: "OSMBench", dependencies: ["OSM", "MapFeatures"], swiftSettings: swiftSettings),
    .testTarget(name: "CurlTests", dependencies: ["Curl", "MapPosterTesting"], swiftSettings: swiftSettings),
    .testTarget(
        name: "OSMTests",
        dependencies: ["Settings", "OSM", "Curl", "MapFeatures", "MapPosterTesting"],
        swiftSettings: swiftSettings
    ),
    .testTarget(
        name: "GeocodingTests",
        dependencies: ["Settings", "Geocoding", "MapFeatures", "MapPosterTesting"],
        swiftSettings: swiftSettings
    ),
]

// MARK: - Storage (S3, filesystem)
package.dependencies += [
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3")
]
package.targets += [
    .target(
        name: "S3",
        dependencies: ["Settings", "Curl", "BlockingWork", .product(name: "Crypto", package: "swift-crypto")],
        swiftSettings: swiftSettings
    ),
    .testTarget(
        name: "S3Tests",
        dependencies: ["Settings", "S3", "MapPosterTesting"],
        exclude: ["botocore_reference.py"],
        swiftSettings: swiftSettings
    ),
]

// MARK: - Poster design (themes, options and their checks, page layout: no Cairo), Render (Cairo + Pango posters)
// and the mapposter CLI
package.products += [
    .library(name: "Render", targets: ["Render"]),
    .executable(name: "mapposter", targets: ["MapPosterCLI"]),
]
package.targets += [
    .target(
        name: "PosterDesign", dependencies: ["MapFeatures"], resources: [.copy("Themes")], swiftSettings: swiftSettings),
    .systemLibrary(name: "CCairo", pkgConfig: "pangocairo", providers: [.apt(["libcairo2-dev", "libpango1.0-dev"])]),
    .systemLibrary(name: "CIsal", pkgConfig: "libisal", providers: [.apt(["libisal-dev"])]),
    .target(
        name: "Render",
        dependencies: ["MapFeatures", "PosterDesign", "BlockingWork", "CCairo", "CZlib", "CIsal"],
        swiftSettings: swiftSettings
    ),
    .executableTarget(
        name: "MapPosterCLI",
        dependencies: [
            "Settings", "MapFeatures", "PosterDesign", "Render", "OSM", "Geocoding", "MapStore", "BlockingWork",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ],
        path: "Sources/mapposter",
        swiftSettings: swiftSettings
    ),
    .testTarget(
        name: "RenderTests",
        dependencies: ["Render", "PosterDesign", "MapFeatures", "OSM", "MapPosterTesting"],
        exclude: ["Goldens", "matplotlib_text_reference.py"],
        swiftSettings: swiftSettings
    ),
    .testTarget(
        name: "MapPosterCLITests",
        dependencies: [
            "Settings", "MapPosterCLI", "PosterDesign", "MapFeatures", "OSM", "MapPosterTesting",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ],
        swiftSettings: swiftSettings
    ),
]

// MARK: - Map data store (`mapposter import`: an extract once, then posters read tiles from a folder or S3)
package.targets += [
    .target(
        name: "MapStore", dependencies: ["Settings", "OSM", "MapFeatures", "S3", "CZlib", "BlockingWork"],
        swiftSettings: swiftSettings),
    .testTarget(
        name: "MapStoreTests",
        dependencies: [
            "Settings", "MapStore", "OSM", "MapFeatures", "PosterDesign", "Render", "S3", "MapPosterTesting",
            "MapDataFuzzing",
        ],
        swiftSettings: swiftSettings
    ),
]

// MARK: - The poster request (its pydantic-identical schema, hash and key; its options checked as the worker checks
// them) and the poster task (PosterJob pipeline) that mapposter-worker registers
package.targets += [
    .target(
        name: "PosterSchema",
        dependencies: ["JSON", .product(name: "Crypto", package: "swift-crypto")],
        swiftSettings: swiftSettings
    ),
    .target(
        name: "PosterRequestOptions",
        dependencies: ["PosterSchema", "PosterDesign", "MapFeatures", "OSM", "JSON"],
        swiftSettings: swiftSettings
    ),
    .target(
        name: "PosterJob",
        dependencies: [
            "Settings", "PosterSchema", "PosterRequestOptions", "PosterDesign", "Render", "JSON", "MapFeatures",
            "OSM", "Geocoding", "S3", "MapStore", "CZlib", "BlockingWork",
            .product(name: "Logging", package: "swift-log"),
        ],
        swiftSettings: swiftSettings
    ),
    .testTarget(
        name: "PosterJobTests",
        dependencies: [
            "PosterJob", "PosterSchema", "PosterRequestOptions", "PosterDesign", "JSON", "MapFeatures", "OSM",
            "Geocoding", "S3", "MapPosterTesting", "BlockingWork", .product(name: "Logging", package: "swift-log"),
        ],
        exclude: ["pydantic_reference.py", "zip_check.py"],
        swiftSettings: swiftSettings
    ),
]

// MARK: - HTTP API (mapposter-api on Hummingbird 2: the request schema and the themes, never Render's Cairo)
package.dependencies += [
    .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.0"),
    .package(url: "https://github.com/apple/swift-metrics.git", from: "2.5.0"),
    .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.0"),
    .package(url: "https://github.com/apple/swift-http-types.git", from: "1.0.0"),
]
package.products += [
    .executable(name: "mapposter-api", targets: ["MapPosterAPI"])
]
package.targets += [
    .executableTarget(
        name: "MapPosterAPI",
        dependencies: [
            "Settings", "Celery", "Redis", "JSON", "Geocoding", "MapFeatures", "Curl", "PosterSchema",
            "PosterRequestOptions", "PosterDesign", "S3", "OSM", "MapStore", "BlockingWork",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "CoreMetrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ],
        path: "Sources/mapposter-api",
        resources: [.copy("Resources/openapi.json")],
        swiftSettings: swiftSettings
    ),
    .testTarget(
        name: "MapPosterAPITests",
        dependencies: [
            "Settings", "MapPosterAPI", "Celery", "Redis", "JSON", "MapPosterTesting", "MapStore", "OSM",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ],
        swiftSettings: swiftSettings
    ),
]

// MARK: - Celery for Swift as a library: the products other packages depend on (Examples/ is one)
package.products += [
    .library(name: "Celery", targets: ["Celery"]),
    .library(name: "Redis", targets: ["Redis"]),
    .library(name: "JSON", targets: ["JSON"]),
    // Test support (redis-server and child processes on loopback), for the tests of Examples/; not API.
    .library(name: "MapPosterTesting", targets: ["MapPosterTesting"]),
]

// MARK: - Documentation: `swift package generate-documentation --target Celery` (scripts/docs)
package.dependencies += [
    .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0")
]
