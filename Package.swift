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

// MARK: - Storage (S3, filesystem) and the poster request schema
package.dependencies += [
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3")
]
package.targets += [
    .target(
        name: "PosterJob",
        dependencies: [.product(name: "Crypto", package: "swift-crypto")],
        swiftSettings: swiftSettings
    ),
    .target(
        name: "S3",
        dependencies: [.product(name: "Crypto", package: "swift-crypto")],
        swiftSettings: swiftSettings
    ),
    .testTarget(
        name: "PosterJobTests",
        dependencies: ["PosterJob", "MapPosterTesting"],
        exclude: ["pydantic_reference.py"],
        swiftSettings: swiftSettings
    ),
    .testTarget(
        name: "S3Tests",
        dependencies: ["S3", "MapPosterTesting"],
        exclude: ["botocore_reference.py"],
        swiftSettings: swiftSettings
    ),
]
