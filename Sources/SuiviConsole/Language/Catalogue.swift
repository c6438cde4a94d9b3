/// The console's languages. Every label of every page comes from one of these catalogues; a test
/// checks that each has every key of the others.
public enum Catalogue {
    public static let english = Language(code: "en", name: "English", catalogue: EnglishCatalogue.entries)
    public static let french = Language(code: "fr", name: "Français", catalogue: FrenchCatalogue.entries)

    /// In the order the language switch shows them.
    public static let all: [Language] = [english, french]
}
