// `buildah build --layers` line shapes.

extension ByteCursor {
    /// Parses an optional `[i/n] ` stage prefix.
    mutating func buildahStagePrefix() -> (Int, Int)?? {
        guard peek == UInt8(ascii: "[") else { return .some(nil) }
        let save = pos
        pos += 1
        guard let i = int(), eat(byte: UInt8(ascii: "/")), let n = int(), eat("] ") else {
            pos = save
            return nil
        }
        return .some((i, n))
    }
}
