/// A heredoc attached to a RUN, COPY or ADD instruction (`<<EOF`, `<<-EOF`, `<<"EOF"`, `3<<EOF`).
public struct Heredoc: Equatable, Sendable, Codable {
    /// The delimiter, with quotes removed.
    public let name: String
    /// The file descriptor digits before `<<`, 0 when absent.
    public let fileDescriptor: Int
    /// True unless some part of the delimiter was quoted (quoted delimiters disable expansion).
    public let expand: Bool
    /// True for `<<-`: leading tabs are stripped from the body and from the terminator.
    public let chomp: Bool
    /// The body as written, every line with its newline, terminator excluded.
    public let content: String

    /// Creates a heredoc value.
    public init(name: String, fileDescriptor: Int, expand: Bool, chomp: Bool, content: String) {
        self.name = name
        self.fileDescriptor = fileDescriptor
        self.expand = expand
        self.chomp = chomp
        self.content = content
    }
}
