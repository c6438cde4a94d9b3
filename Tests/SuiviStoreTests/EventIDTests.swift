import SuiviStore
import Testing

/// Event ids are derived from the command id: a replayed batch must mint the same ids, so their text is
/// pinned here (values from an independent SHA-256, with RFC 9562's version 8 and variant bits).
@Suite struct EventIDTests {
    @Test(arguments: [
        ("suivi-event:cmd-1:0", "7cdf2d2a-9eb1-8167-8a8e-0708625dcc02"),
        ("suivi-event:case-TGO-profile-3-act-17:0", "12cf5d2f-ad9c-8bfc-852b-5fe371002f5c"),
        ("suivi-event:é:12", "3e2058c7-11c1-8f51-8c0b-718b755ded5b"),
    ])
    func eventIDsAreStable(name: String, id: String) {
        #expect(EventHash.uuid(name) == id)
    }
}
