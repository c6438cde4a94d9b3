internal import SuiviBuildInfo

/// The version and commit of the running build, for `--version` and the `suivi_build_info` metric.
public enum Release {
    public static var version: String { BuildInfo.version }
    public static var commit: String { BuildInfo.commit }
    /// `0.1.0 (commit 1a2b3c4d5e6f)`.
    public static var line: String { BuildInfo.line }
}
