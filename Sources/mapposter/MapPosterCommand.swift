import ArgumentParser

/// `mapposter`: make map posters locally, without a broker.
@main
struct MapPosterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mapposter",
        abstract: "Make minimalist map posters from OpenStreetMap data.",
        subcommands: [RenderCommand.self, ThemesCommand.self]
    )
}
