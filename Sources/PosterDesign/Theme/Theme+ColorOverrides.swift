import MapFeatures

extension Theme {
    /// This theme with `custom`'s colours put in; a custom background also becomes the fade colour,
    /// so the fades blend into the poster's real background, and custom parks colour the green space too.
    public func applying(_ custom: ColorOverrides) -> Theme {
        var theme = self
        if let background = custom.background {
            theme.background = background
            theme.gradient = background
        }
        if let water = custom.water { theme.water = water }
        if let parks = custom.parks {
            theme.parks = parks
            theme.greenSpace = parks
        }
        if let text = custom.text { theme.text = text }
        if let roads = custom.roads {
            for roadClass in RoadClass.allCases { theme.roads[roadClass] = roads }
        }
        return theme
    }
}
