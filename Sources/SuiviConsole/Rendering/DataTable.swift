internal import SuiviDomain

/// One table of a page: the columns shown, and rows as the store gave them. HTML formats each cell for
/// the reader's language; CSV and JSON carry the same rows as recorded.
struct DataTable: Sendable {
    /// How a cell is written in HTML.
    enum Kind: Sendable {
        /// As recorded.
        case text
        /// An identifier, in monospace.
        case code
        case number
        /// A calendar day (YYYY-MM-DD).
        case day
        /// A moment (RFC 3339), shown as day and UTC time.
        case time
        /// A status or other code with a label in the catalogue under "value.<code>".
        case label
        case yesNo
        /// A list of strings, comma separated.
        case list
    }

    struct Column: Sendable {
        /// The row's key (camelCase, as in the JSON).
        var key: String
        /// The catalogue key of the header.
        var label: String
        var kind: Kind = .text
        /// Where the cell links to, from the row.
        var link: (@Sendable (JSON.Members) -> String?)? = nil
    }

    var columns: [Column]
    var rows: [JSON.Members]
}

/// One titled part of a page: a table with its paging, or a drawing, or a few facts.
struct PageSection: Sendable {
    /// Stable id: the anchor in HTML, the key in JSON, the `table=` value for CSV.
    var id: String
    /// Catalogue key of the heading.
    var heading: String
    var table: DataTable?
    /// Rows in the whole list (nil when the table is the whole list).
    var total: Int? = nil
    var offset: Int = 0
    /// Trusted HTML (an SVG drawing) shown above the table.
    var drawing: String? = nil
    /// Sentences already in the reader's language, shown above the table.
    var notes: [String] = []
    /// Facts as label key and value, shown as a definition list (and as JSON members).
    var facts: [(label: String, key: String, value: JSON, kind: DataTable.Kind)] = []
    /// Link to the next slice, when there is one.
    var nextLink: String? = nil
}

/// What a page shows, in any format.
struct PageModel: Sendable {
    /// The route's name, for JSON and the current-page mark in the navigation.
    var page: String
    /// The heading, already localized.
    var title: String
    var lead: [String] = []
    var sections: [PageSection]
    /// Extra members of the JSON form (the page's filters, as-of moment).
    var meta: JSON.Members = [:]
    /// A form above the sections (trusted HTML built by the page).
    var form: String? = nil
}
