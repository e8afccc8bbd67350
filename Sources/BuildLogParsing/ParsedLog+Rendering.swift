import Foundation

extension ParsedLog {
    /// Renders the log for `cachebench parse-log`.
    public func rendered(as format: ParsedLogOutputFormat) -> String {
        switch format {
        case .json: return jsonText()
        case .text: return textTable()
        }
    }

    /// `{"digest","error","format","layers":[{"bytes","createdBy","id","action"}],"steps":[{"cached","error","index","instruction","of","seconds","stage"}],"unmatchedLines"}`.
    public func jsonText() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(JSONView(log: self)) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    public func textTable() -> String {
        var out = "format: \(format.rawValue)\n"
        if !steps.isEmpty {
            let rows = steps.map { s -> [String] in
                [s.stage ?? "", s.index.map { i in s.of.map { "\(i)/\($0)" } ?? "\(i)" } ?? "",
                 s.cached ? "cached" : "", s.seconds.map { String(format: "%.1fs", $0) } ?? "",
                 s.instruction + (s.error.map { "  [error: \($0)]" } ?? "")]
            }
            out += table(header: ["stage", "step", "cache", "time", "instruction"], rows: rows)
        }
        if !layers.isEmpty {
            let rows = layers.map { l in
                [l.id, l.action.rawValue, l.bytes.map(String.init) ?? "", l.createdBy ?? ""]
            }
            out += table(header: ["layer", "action", "bytes", "created by"], rows: rows)
        }
        let cached = steps.filter(\.cached).count
        out += "steps: \(steps.count), cached: \(cached), layers: \(layers.count), unmatched lines: \(unmatchedLines)\n"
        if let digest { out += "digest: \(digest)\n" }
        if let error { out += "error: \(error)\n" }
        return out
    }

    private func table(header: [String], rows: [[String]]) -> String {
        var widths = header.map(\.count)
        for r in rows { for (i, c) in r.enumerated() where i < widths.count - 1 { widths[i] = max(widths[i], c.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                i == cells.count - 1 ? c : c.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }.joined(separator: "  ") + "\n"
        }
        return line(header) + rows.map(line).joined()
    }
}

/// The JSON shape of `parse-log --format json`: every key present, `null` when absent.
private struct JSONView: Encodable {
    let log: ParsedLog

    enum Keys: String, CodingKey { case format, steps, layers, unmatchedLines, error, digest }
    enum StepKeys: String, CodingKey { case stage, index, of, instruction, cached, seconds, error }
    enum LayerKeys: String, CodingKey { case id, action, bytes, createdBy }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(log.format, forKey: .format)
        try c.encode(log.unmatchedLines, forKey: .unmatchedLines)
        try c.encode(log.error, forKey: .error)
        try c.encode(log.digest, forKey: .digest)
        var steps = c.nestedUnkeyedContainer(forKey: .steps)
        for s in log.steps {
            var sc = steps.nestedContainer(keyedBy: StepKeys.self)
            try sc.encode(s.stage, forKey: .stage)
            try sc.encode(s.index, forKey: .index)
            try sc.encode(s.of, forKey: .of)
            try sc.encode(s.instruction, forKey: .instruction)
            try sc.encode(s.cached, forKey: .cached)
            try sc.encode(s.seconds, forKey: .seconds)
            try sc.encode(s.error, forKey: .error)
        }
        var layers = c.nestedUnkeyedContainer(forKey: .layers)
        for l in log.layers {
            var lc = layers.nestedContainer(keyedBy: LayerKeys.self)
            try lc.encode(l.id, forKey: .id)
            try lc.encode(l.action, forKey: .action)
            try lc.encode(l.bytes, forKey: .bytes)
            try lc.encode(l.createdBy, forKey: .createdBy)
        }
    }
}
