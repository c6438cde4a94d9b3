import Foundation
import PackagePlugin

/// Generates `GeneratedBuildInfo` (the committed VERSION and the git commit) before each build of the
/// target that uses it, so that a clean clone builds with `swift build` alone and every binary can say
/// what it is (`--version`, `suivi_build_info`). Outside a git checkout (a container build) the commit
/// comes from a `COMMIT` file beside VERSION, else it is `unknown`. The file is rewritten only when its
/// content changes, so an unchanged commit does not recompile anything.
@main
struct BuildInfoPlugin: BuildToolPlugin {
    static let script = #"""
        set -u
        root="$1"; out="$2"
        mkdir -p "$out"
        version="$(tr -d ' \n\r' < "$root/VERSION" 2>/dev/null || true)"
        commit="$(git -C "$root" rev-parse --short=12 HEAD 2>/dev/null || true)"
        if [ -n "$commit" ] && [ -n "$(git -C "$root" status --porcelain --untracked-files=no 2>/dev/null | head -c1)" ]; then
            commit="$commit-dirty"
        fi
        [ -n "$commit" ] || commit="$(tr -d ' \n\r' < "$root/COMMIT" 2>/dev/null || true)"
        new="enum GeneratedBuildInfo {
            static let version = \"${version:-0.0.0}\"
            static let commit = \"${commit:-unknown}\"
        }"
        [ "$(cat "$out/GeneratedBuildInfo.swift" 2>/dev/null)" = "$new" ] || printf '%s\n' "$new" > "$out/GeneratedBuildInfo.swift"
        """#

    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appending(path: "Generated")
        return [
            .prebuildCommand(
                displayName: "suivi build info (VERSION, git commit)",
                executable: URL(fileURLWithPath: "/bin/sh"),
                arguments: ["-c", Self.script, "sh", context.package.directoryURL.path, output.path],
                outputFilesDirectory: output)
        ]
    }
}
