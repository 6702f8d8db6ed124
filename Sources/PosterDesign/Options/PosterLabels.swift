/// The words on a poster.
public struct PosterLabels: Sendable, Hashable {
    /// The place name, drawn as the title unless ``nameLabel`` is given.
    public var city: String
    /// The country, drawn upper-cased under the title unless ``countryLabel`` is given.
    public var country: String
    /// Replaces the title (the Python original ignores it).
    public var nameLabel: String?
    /// Replaces the country line.
    public var countryLabel: String?

    public init(city: String = "", country: String = "", nameLabel: String? = nil, countryLabel: String? = nil) {
        self.city = city
        self.country = country
        self.nameLabel = nameLabel
        self.countryLabel = countryLabel
    }

    /// The title as given: ``nameLabel`` when not empty, else ``city``.
    public var title: String {
        if let nameLabel, !nameLabel.isEmpty { return nameLabel }
        return city
    }

    /// The country line as given: ``countryLabel`` when not empty, else ``country``.
    public var countryLine: String {
        if let countryLabel, !countryLabel.isEmpty { return countryLabel }
        return country
    }
}
