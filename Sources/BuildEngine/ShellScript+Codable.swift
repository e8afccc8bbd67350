import Foundation

// A run stores the script it rendered (`BuildScript`), and reports read it back instead of rebuilding it.

extension ShellWord.Part: Codable {
    private enum CodingKeys: String, CodingKey { case literal, variable }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let name = try container.decodeIfPresent(String.self, forKey: .variable) {
            guard Shell.isVariableName(name) else {
                throw DecodingError.dataCorruptedError(forKey: .variable, in: container, debugDescription: "not a shell variable name: \(name)")
            }
            self = .variable(name)
        } else {
            self = .literal(try container.decode(String.self, forKey: .literal))
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .literal(let text): try container.encode(text, forKey: .literal)
        case .variable(let name): try container.encode(name, forKey: .variable)
        }
    }
}

extension ShellWord: Codable {
    package init(from decoder: any Decoder) throws {
        let parts = try decoder.singleValueContainer().decode([Part].self)
        self.init(parts: parts.isEmpty ? [.literal("")] : parts)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(parts)
    }
}

extension ShellScript: Codable {
    private enum CodingKeys: String, CodingKey { case comments, requirements, exports, lines }
    private struct Export: Codable { var name: String; var value: String }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        // Through the memberwise init, so a stored name that is no variable name is dropped as when rendered.
        self.init(comments: try container.decode([String].self, forKey: .comments),
                  requirements: try container.decode([Requirement].self, forKey: .requirements),
                  exports: try container.decode([Export].self, forKey: .exports).map { ($0.name, $0.value) },
                  lines: try container.decode([Line].self, forKey: .lines))
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(comments, forKey: .comments)
        try container.encode(requirements, forKey: .requirements)
        try container.encode(exports.map { Export(name: $0.name, value: $0.value) }, forKey: .exports)
        try container.encode(lines, forKey: .lines)
    }
}
