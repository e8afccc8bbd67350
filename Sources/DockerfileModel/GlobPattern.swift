/// A path pattern with Go's `filepath.Match` semantics (COPY sources) or moby/patternmatcher
/// semantics (`.dockerignore`, where `**` also spans directories).
struct GlobPattern: Equatable, Sendable {
    enum Token: Equatable, Sendable {
        case literal(Unicode.Scalar)
        /// `*`: any run of characters but `/`.
        case star
        /// `?`: one character but `/`.
        case question
        /// `**/` inside a pattern: `(.*/)?`.
        case directories
        /// `**` at the end: `.*`.
        case anything
        /// `[...]`: ranges, possibly negated with `^`.
        case set(negated: Bool, ranges: [ClosedRange<UInt32>])
    }

    let tokens: [Token]

    /// `filepath.Match` pattern: `**` is simply two stars.
    init(filepathMatch pattern: String) {
        tokens = Self.tokenize(pattern, doubleStar: false)
    }

    /// moby/patternmatcher pattern: `**` matches any number of directories.
    init(dockerignore pattern: String) {
        tokens = Self.tokenize(pattern, doubleStar: true)
    }

    /// True if the whole path matches.
    func matches(_ path: String) -> Bool {
        let scalars = Array(path.unicodeScalars)
        var memo: [Int: Bool] = [:]
        return match(0, 0, scalars, &memo)
    }

    /// True when the pattern has a wildcard (otherwise it names one path).
    var hasWildcard: Bool {
        tokens.contains { if case .literal = $0 { return false } else { return true } }
    }

    private func match(_ t: Int, _ p: Int, _ path: [Unicode.Scalar], _ memo: inout [Int: Bool]) -> Bool {
        let key = t * (path.count + 1) + p
        if let known = memo[key] { return known }
        let result: Bool
        if t == tokens.count {
            result = p == path.count
        } else {
            switch tokens[t] {
            case .literal(let scalar):
                result = p < path.count && path[p] == scalar && match(t + 1, p + 1, path, &memo)
            case .question:
                result = p < path.count && path[p] != "/" && match(t + 1, p + 1, path, &memo)
            case .set(let negated, let ranges):
                if p < path.count, path[p] != "/" {
                    let inside = ranges.contains { $0.contains(path[p].value) }
                    result = inside != negated && match(t + 1, p + 1, path, &memo)
                } else {
                    result = false
                }
            case .star:
                var q = p
                var found = match(t + 1, q, path, &memo)
                while !found, q < path.count, path[q] != "/" {
                    q += 1
                    found = match(t + 1, q, path, &memo)
                }
                result = found
            case .anything:
                var found = false
                for q in p...path.count where match(t + 1, q, path, &memo) {
                    found = true
                    break
                }
                result = found
            case .directories:
                // Empty, or anything ending with "/".
                var found = match(t + 1, p, path, &memo)
                var q = p
                while !found, q < path.count {
                    if path[q] == "/" { found = match(t + 1, q + 1, path, &memo) }
                    q += 1
                }
                result = found
            }
        }
        memo[key] = result
        return result
    }

    private static func tokenize(_ pattern: String, doubleStar: Bool) -> [Token] {
        let scalars = Array(pattern.unicodeScalars)
        var tokens: [Token] = []
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            switch scalar {
            case "*":
                if doubleStar, index < scalars.count, scalars[index] == "*" {
                    index += 1
                    if index < scalars.count, scalars[index] == "/" { index += 1 }
                    tokens.append(index == scalars.count ? .anything : .directories)
                } else {
                    tokens.append(.star)
                }
            case "?":
                tokens.append(.question)
            case "\\":
                if index < scalars.count {
                    tokens.append(.literal(scalars[index]))
                    index += 1
                } else {
                    tokens.append(.literal("\\"))
                }
            case "[":
                var negated = false
                if index < scalars.count, scalars[index] == "^" {
                    negated = true
                    index += 1
                }
                var ranges: [ClosedRange<UInt32>] = []
                var closed = false
                while index < scalars.count {
                    var low = scalars[index]
                    index += 1
                    if low == "]" && !ranges.isEmpty {
                        closed = true
                        break
                    }
                    if low == "\\", index < scalars.count {
                        low = scalars[index]
                        index += 1
                    }
                    var high = low
                    if index + 1 < scalars.count, scalars[index] == "-", scalars[index + 1] != "]" {
                        high = scalars[index + 1]
                        index += 2
                        if high == "\\", index < scalars.count {
                            high = scalars[index]
                            index += 1
                        }
                    }
                    ranges.append(min(low.value, high.value)...max(low.value, high.value))
                }
                // An unterminated class matches nothing, as Go reports ErrBadPattern.
                tokens.append(closed ? .set(negated: negated, ranges: ranges) : .set(negated: false, ranges: []))
            default:
                tokens.append(.literal(scalar))
            }
        }
        return tokens
    }
}
