import Hummingbird
import JSON

/// `GET /themes`: `{"themes": [{"id", "name", "colors": {"bg", "road_primary", "water"}}]}`.
struct ThemeController: Sendable {
    let catalog: any ThemeCatalog

    func addRoutes(to router: Router<APIRequestContext>) {
        router.get("themes", use: themes)
    }

    @Sendable func themes(request: Request, context: APIRequestContext) async throws -> Response {
        let items: [JSONValue] = catalog.themes().map { theme in
            [
                "id": .string(theme.id), "name": .string(theme.name),
                "colors": [
                    "bg": .string(theme.background), "road_primary": .string(theme.roadPrimary),
                    "water": .string(theme.water),
                ],
            ]
        }
        return .json(["themes": .array(items)])
    }
}
