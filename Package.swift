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

// MARK: - Render (Cairo + Pango posters) and the mapposter CLI
package.dependencies += [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
]
package.products += [
    .library(name: "Render", targets: ["Render"]),
    .executable(name: "mapposter", targets: ["MapPosterCLI"]),
]
package.targets += [
    .systemLibrary(name: "CCairo", pkgConfig: "pangocairo", providers: [.apt(["libcairo2-dev", "libpango1.0-dev"])]),
    .target(
        name: "Render",
        dependencies: ["MapFeatures", "CCairo"],
        resources: [.copy("Themes")],
        swiftSettings: swiftSettings
    ),
    .executableTarget(
        name: "MapPosterCLI",
        dependencies: [
            "MapFeatures", "Render", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ],
        path: "Sources/mapposter",
        swiftSettings: swiftSettings
    ),
    .testTarget(
        name: "RenderTests",
        dependencies: ["Render", "MapFeatures", "MapPosterTesting"],
        exclude: ["Goldens"],
        swiftSettings: swiftSettings
    ),
    .testTarget(
        name: "MapPosterCLITests",
        dependencies: [
            "MapPosterCLI", "Render", "MapFeatures", "MapPosterTesting",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ],
        swiftSettings: swiftSettings
    ),
]
