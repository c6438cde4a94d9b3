import SuiviOperations
import Testing

/// HTML escaping of the report and the console: the five characters become references, nothing else
/// changes (accents, combining marks, emoji, right-to-left text), with or without something to escape.
@Suite struct HTMLTextTests {
    @Test func theFiveCharactersBecomeReferencesAndNothingElseChanges() {
        #expect(HTMLText.escape(#"<a href="x">Tom & Jerry's</a>"#) == "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;")
        for plain in ["", "case-TGO-2026-001", "Vérifié le 1er juin", "e\u{301}té 🇹🇬 مرحبا", "14 h 05\u{202F}UTC"] {
            #expect(HTMLText.escape(plain) == plain)
        }
        #expect(HTMLText.escape("é<e\u{301}>🇹🇬&") == "é&lt;e\u{301}&gt;🇹🇬&amp;")
        #expect(HTMLText.escape("&amp;") == "&amp;amp;", "escaped once more, never taken for a reference")
    }
}
