import Foundation

/// The repository part of Docker's reference grammar (distribution/reference):
/// `path-component ("/" path-component)*`, `path-component := [a-z0-9]+ (separator [a-z0-9]+)*`,
/// `separator := [_.] | "__" | "-"+`, at most 255 characters. No domain port, tag or digest:
/// cachebench puts the name under its own registry and chooses the tags.
package enum ImageReference {
    package static func isValidRepository(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 255 else { return false }
        return name.split(separator: "/", omittingEmptySubsequences: false).allSatisfy(isValidComponent)
    }

    static func isValidComponent(_ component: Substring) -> Bool {
        let scalars = Array(component.unicodeScalars)
        guard let first = scalars.first, let last = scalars.last, isAlphaNumeric(first), isAlphaNumeric(last) else { return false }
        var index = 0
        while index < scalars.count {
            if isAlphaNumeric(scalars[index]) { index += 1; continue }
            // A separator run: one `.` or `_`, exactly `__`, or any number of `-`.
            var end = index
            while end < scalars.count, !isAlphaNumeric(scalars[end]) { end += 1 }
            let run = String(String.UnicodeScalarView(scalars[index..<end]))
            guard run == "." || run == "_" || run == "__" || run.allSatisfy({ $0 == "-" }) else { return false }
            index = end
        }
        return true
    }

    static func isAlphaNumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}
