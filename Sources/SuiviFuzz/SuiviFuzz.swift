// The envelope decoders under libFuzzer. `ops/fuzz` builds this target with
// `-sanitize=fuzzer,address -DSUIVI_FUZZ`, and `main` hands over to libFuzzer's driver. Built normally
// (no flags), it is a plain executable that runs the same entry point over the files named on its
// command line, so that a crash input can be replayed without the fuzzer.
import SuiviDomain

#if SUIVI_FUZZ
    import Glibc
#else
    import Foundation
#endif

/// One input: every decoder that reads untrusted bytes, and the round trips that must hold.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    exercise(bytes)
    return 0
}

func exercise(_ bytes: [UInt8]) {
    switch CommandDecoder.decode(bytes) {
    case .success(let command):
        // What was accepted must be accepted again from its canonical form as sent (the type's name as
        // sent, the trace context and partition key included), unchanged.
        let canonical = command.envelope.sentJSON.canonicalBytes
        guard case .success(let again) = CommandDecoder.decode(canonical), again.envelope == command.envelope else {
            fatalError("a decoded command does not survive its own canonical encoding")
        }
    case .failure(let failure):
        precondition(!failure.violations.isEmpty, "a failure without a violation")
    }
    _ = EventEnvelope.decode(bytes)
    if let json = try? JSONParser.parse(bytes) {
        guard let again = try? JSONParser.parse(json.canonicalBytes), again == json else {
            fatalError("parsed JSON does not survive its canonical encoding")
        }
    }
}

#if SUIVI_FUZZ
    /// libFuzzer's own driver (SwiftPM gives the executable its `main`, so libFuzzer's is not used).
    @_silgen_name("LLVMFuzzerRunDriver")
    func LLVMFuzzerRunDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt

    @main
    enum Fuzz {
        static func main() {
            var argc = CommandLine.argc
            var argv = CommandLine.unsafeArgv
            exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOneInput))
        }
    }
#else
    /// Replays inputs: `SuiviFuzz FILE|DIR...`.
    @main
    enum Replay {
        static func main() throws {
            var count = 0
            for argument in CommandLine.arguments.dropFirst() {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else { continue }
                let paths =
                    isDirectory.boolValue
                    ? try FileManager.default.contentsOfDirectory(atPath: argument).sorted().map { argument + "/" + $0 }
                    : [argument]
                for path in paths {
                    exercise([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
                    count += 1
                }
            }
            print("replayed \(count) inputs")
        }
    }
#endif
