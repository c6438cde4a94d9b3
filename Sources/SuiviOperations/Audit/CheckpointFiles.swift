import SuiviApp
public import SuiviStore
internal import SuiviDomain

/// Checkpoints kept outside the database, as files: one signed checkpoint a line (JSON Lines, the
/// value of each message on the checkpoints topic), so that a keeper can append the new ones to the file.
public enum CheckpointFiles {
    /// The file's bytes for `checkpoints`.
    public static func lines(_ checkpoints: [SignedCheckpoint]) -> [UInt8] {
        var out: [UInt8] = []
        for checkpoint in checkpoints {
            out.append(contentsOf: checkpoint.json.canonicalBytes)
            out.append(UInt8(ascii: "\n"))
        }
        return out
    }

    /// Reads a checkpoints file.
    /// - Throws: ``OperationFailure`` `invalidInput` naming the file, the line and what is wrong.
    public static func read(_ path: String) throws -> [SignedCheckpoint] {
        let bytes = try AuditFiles.readFile(path)
        var checkpoints: [SignedCheckpoint] = []
        for (number, line) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            guard line.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\r") }) else { continue }
            do {
                let json = try JSONParser.parse(Array(line))
                checkpoints.append(try SignedCheckpoint(json: json))
            } catch {
                throw OperationFailure(.invalidInput,
                    "\(path), line \(number + 1): \(error); expected one {\"statement\", \"signature\"} a line, as `suivi audit checkpoints export` writes")
            }
        }
        return checkpoints
    }
}
