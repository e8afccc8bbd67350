extension StringProtocol {
    func trimmingWhitespace() -> Substring {
        let sub = self[...]
        guard let first = sub.firstIndex(where: { !$0.isWhitespace }) else { return Substring() }
        let last = sub.lastIndex(where: { !$0.isWhitespace })!
        return Substring(sub[first...last])
    }
}
