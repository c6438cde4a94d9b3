public import ArgumentParser
public import SuiviApp

/// The command line of a worker executable (`suivi-decider`, `suivi-projector`): its name, help and
/// version from its ``WorkerKind``, `--migrate`, and ``WorkerMain`` to run it. Each executable only names
/// its kind.
public protocol WorkerCommand: AsyncParsableCommand {
    static var kind: WorkerKind { get }
    /// Apply pending schema migrations before starting (`--migrate`).
    var migrate: Bool { get }
}

extension WorkerCommand {
    public static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: kind.executable, abstract: kind.abstract, discussion: kind.discussion, version: Release.line)
    }

    public func run() async throws { await WorkerMain.run(Self.kind, migrate: migrate) }
}
