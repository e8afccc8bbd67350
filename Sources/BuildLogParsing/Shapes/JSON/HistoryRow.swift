import Foundation

/// One row of `docker history --no-trunc --format '{{json .}}'`:
/// `{"Comment":"buildkit.dockerfile.v0","CreatedAt":"...","CreatedBy":"COPY /root/helloworld . # buildkit","CreatedSince":"...","ID":"<missing>","Size":"16kB"}`.
/// Captures (JSON fields): ID, CreatedBy, CreatedAt, Size, Comment. cachebench runs it with `--human=false`, which
/// prints Size in bytes (`"16384"`) and CreatedAt as RFC 3339 in the CLI's time zone (`2026-11-30T01:51:07Z`); the
/// human form (`"16kB"`) parses too.
///
/// `createdBy` is normalised so that both engines read alike: BuildKit's ` # buildkit` suffix and
/// its `RUN /bin/sh -c` form become `RUN cmd`; the legacy builder's `/bin/sh -c #(nop) ` prefix is
/// dropped (`CMD ["./helloworld"]`) and `/bin/sh -c cmd` becomes `RUN cmd`. Empty CreatedBy is nil.
/// `buildKit` records the `buildkit.dockerfile.v0` comment.
package struct HistoryRow: LineShape {
    package static let pattern = #"^\{(?!"(?:vertexes|statuses|logs|warnings)":).*"CreatedBy":.*\}$"#
    package static let formats: Set<LogFormat> = [.history]
    package let layer: ParsedLayer
    package let buildKit: Bool

    private struct Row: Decodable {
        var ID: String?
        var CreatedBy: String?
        var CreatedAt: String?
        var Size: String?
        var Comment: String?
    }

    package init?(_ line: LogLine) {
        guard line.count >= 2, line[0] == UInt8(ascii: "{"), line[line.count - 1] == UInt8(ascii: "}"),
              !RawJSONStatus.hasStatusKey(line), line.cursor().contains("\"CreatedBy\":")
        else { return nil }
        guard let row = try? JSONDecoder().decode(Row.self, from: Data(line.bytes)) else { return nil }
        buildKit = row.Comment == "buildkit.dockerfile.v0"
        layer = ParsedLayer(
            id: row.ID ?? "<missing>", action: .history,
            bytes: row.Size.flatMap { HumanSize.bytes($0) },
            createdBy: Self.normalise(row.CreatedBy ?? ""),
            createdAt: row.CreatedAt.flatMap { $0.isEmpty ? nil : $0 }
        )
    }

    package static func normalise(_ createdBy: String) -> String? {
        var s = Substring(createdBy)
        if s.hasSuffix(" # buildkit") { s = s.dropLast(" # buildkit".count) }
        s = s.trimmingWhitespace()
        if s.hasPrefix("/bin/sh -c #(nop) ") {
            s = s.dropFirst("/bin/sh -c #(nop) ".count).trimmingWhitespace()
        } else if s.hasPrefix("/bin/sh -c ") {
            return "RUN " + s.dropFirst("/bin/sh -c ".count)
        } else if s.hasPrefix("RUN /bin/sh -c ") {
            return "RUN " + s.dropFirst("RUN /bin/sh -c ".count)
        }
        return s.isEmpty ? nil : String(s)
    }
}
