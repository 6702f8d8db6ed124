import ArgumentParser

/// `mapposter`: make map posters locally, without a broker.
@main
struct MapPosterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mapposter",
        abstract: "Make minimalist map posters from OpenStreetMap data.",
        subcommands: [RenderCommand.self, FeaturesCommand.self, ImportCommand.self, ThemesCommand.self]
    )
}
