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
    platforms: [.macOS(.v14)],
    products: [],
    dependencies: [],
    targets: []
)

// Each concern appends its own products, dependencies and targets below, one block per concern,
// so the module map of DESIGN.md reads top to bottom.

// MARK: - Map features (the model shared by OSM and Render)
package.targets += [
    .target(name: "MapFeatures", swiftSettings: swiftSettings),
    .testTarget(name: "MapFeaturesTests", dependencies: ["MapFeatures", "MapPosterTesting"], swiftSettings: swiftSettings),
]

// MARK: - Test support (only test targets depend on it)
package.targets += [
    .target(name: "MapPosterTesting", swiftSettings: swiftSettings)
]

// MARK: - OSM data, HTTP over libcurl, geocoding
package.products += [
    .library(name: "Curl", targets: ["Curl"]),
    .library(name: "OSM", targets: ["OSM"]),
    .library(name: "Geocoding", targets: ["Geocoding"]),
]
package.targets += [
    .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
    .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
    .target(name: "Curl", dependencies: ["CCurl"], swiftSettings: swiftSettings),
    .target(name: "OSM", dependencies: ["MapFeatures", "Curl", "CZlib"], swiftSettings: swiftSettings),
    .target(
        name: "Geocoding",
        dependencies: ["MapFeatures", "Curl"],
        resources: [.copy("Resources/cities.tsv")],
        swiftSettings: swiftSettings
    ),
    .executableTarget(name: "OSMBench", dependencies: ["OSM", "MapFeatures"], swiftSettings: swiftSettings),
    .testTarget(name: "CurlTests", dependencies: ["Curl", "MapPosterTesting"], swiftSettings: swiftSettings),
    .testTarget(
        name: "OSMTests",
        dependencies: ["OSM", "Curl", "MapFeatures", "MapPosterTesting"],
        swiftSettings: swiftSettings
    ),
    .testTarget(
        name: "GeocodingTests",
        dependencies: ["Geocoding", "MapFeatures", "MapPosterTesting"],
        swiftSettings: swiftSettings
    ),
]
