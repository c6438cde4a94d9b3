/// What this build is: the release version (the committed `VERSION` file) and the git commit it was
/// built from, generated at build time by `Plugins/BuildInfoPlugin` (never committed).
public enum BuildInfo {
    /// The release version, e.g. `0.1.0`.
    public static let version = GeneratedBuildInfo.version
    /// The abbreviated commit, `-dirty` when tracked files had changes, `unknown` outside a checkout.
    public static let commit = GeneratedBuildInfo.commit
    /// What `--version` prints: `0.1.0 (commit 1a2b3c4d5e6f)`.
    public static var line: String { "\(version) (commit \(commit))" }
}
