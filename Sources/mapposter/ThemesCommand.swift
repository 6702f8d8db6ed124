import ArgumentParser
import PosterDesign

/// `mapposter themes`: lists the theme ids, names and descriptions.
struct ThemesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "themes", abstract: "List the poster themes.")

    func run() throws {
        for theme in Theme.all {
            print("\(theme.id)\t\(theme.name)\t\(theme.description)")
        }
    }
}
