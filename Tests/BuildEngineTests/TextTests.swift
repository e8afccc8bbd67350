@testable import BuildEngine
import Foundation
import Testing

@Suite struct LineSplitterTests {
    func split(_ chunks: [[UInt8]], maxLineBytes: Int = 1 << 20) -> [String] {
        var splitter = LineSplitter(maxLineBytes: maxLineBytes)
        var out: [String] = []
        for chunk in chunks { chunk.withUnsafeBytes { splitter.feed($0) { out.append($0) } } }
        splitter.finish { out.append($0) }
        return out
    }

    func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func linesSplitAcrossChunksAreJoined() {
        #expect(split([bytes("hel"), bytes("lo\nwor"), bytes("ld\n")]) == ["hello", "world"])
    }

    @Test func newlineAloneInAChunkEndsTheLine() {
        #expect(split([bytes("a"), bytes("\n"), bytes("\n"), bytes("b\n")]) == ["a", "", "b"])
    }

    @Test func multiByteCharacterSplitAcrossChunksSurvives() {
        // "é" is C3 A9: the chunk boundary falls inside it.
        #expect(split([[0x61, 0xC3], [0xA9, 0x0A]]) == ["aé"])
    }

    @Test func carriageReturnBeforeNewlineIsDropped() {
        #expect(split([bytes("one\r\ntwo\r\n")]) == ["one", "two"])
    }

    @Test func carriageReturnInsideALineIsKept() {
        #expect(split([bytes("a\rb\n")]) == ["a\rb"])
    }

    @Test func invalidUTF8IsRepairedNotFatal() {
        #expect(split([[0x61, 0xFF, 0x62, 0x0A]]) == ["a\u{FFFD}b"])
    }

    @Test func overLongLinesAreCutAndTheNextLineIsIntact() {
        #expect(split([bytes("abcdefgh\nxy\n")], maxLineBytes: 4) == ["abcd", "xy"])
    }

    @Test func overLongLineCutAcrossChunks() {
        #expect(split([bytes("abc"), bytes("defg"), bytes("h\nz")], maxLineBytes: 5) == ["abcde", "z"])
    }

    @Test func unterminatedLastLineIsEmittedByFinish() {
        #expect(split([bytes("a\nb")]) == ["a", "b"])
    }

    @Test func terminatedInputEmitsNoExtraEmptyLine() {
        #expect(split([bytes("a\n")]) == ["a"])
        #expect(split([]) == [])
    }
}

@Suite struct ShellQuotingTests {
    @Test(arguments: [
        ("abc", "abc"),
        ("127.0.0.1:5000/r1-i1/naive/app:latest", "127.0.0.1:5000/r1-i1/naive/app:latest"),
        ("type=registry,ref=x,mode=max", "type=registry,ref=x,mode=max"),
        ("{{.ServerVersion}}", "'{{.ServerVersion}}'"),
        ("{a,b}", "'{a,b}'"),
        ("--progress=plain", "--progress=plain"),
        ("", "''"),
        ("a b", "'a b'"),
        ("$HOME", "'$HOME'"),
        ("*.c", "'*.c'"),
        ("it's", "'it'\\''s'"),
        ("a;b", "'a;b'"),
    ])
    func quote(word: String, expected: String) {
        #expect(ShellQuoting.quote(word) == expected)
    }
}

@Suite struct ShellQuotingBraceTests {
    // bash and zsh expand `{a,b}` to two words, so a pasted `shellLine` would not run the same argv.
    @Test
    func braceListIsQuoted() {
        #expect(ShellQuoting.quote("{a,b}") != "{a,b}")
    }
}

@Suite struct CommandTests {
    @Test func argvPutsTheExecutableFirst() {
        #expect(Command("docker", ["push", "x"]).argv == ["docker", "push", "x"])
    }

    @Test func shellLineSortsEnvironmentAndQuotes() {
        let command = Command("/usr/bin/docker", ["build", "-t", "x y", "."],
                              environment: ["DOCKER_HOST": "unix:///tmp/cb-1/sock", "A": "a b"])
        #expect(command.shellLine == "A='a b' DOCKER_HOST=unix:///tmp/cb-1/sock /usr/bin/docker build -t 'x y' .")
    }

    @Test func shellLineWithoutEnvironment() {
        #expect(Command("echo", ["it's"]).shellLine == "echo 'it'\\''s'")
    }

    func result(_ texts: [String], exitCode: Int32 = 1) -> CommandResult {
        CommandResult(command: Command("x"), exitCode: exitCode, wallSeconds: 1,
                      lines: texts.enumerated().map { OutputLine(stream: .stdout, at: Double($0.offset), text: $0.element) })
    }

    @Test func tailSkipsBlankLinesAndJoinsTheLastThree() {
        let r = result(["one", "two", "", "three", "   ", "four", ""])
        #expect(r.tail() == "two | three | four")
        #expect(r.tail(1) == "four")
    }

    @Test func tailOfShortOrEmptyOutput() {
        #expect(result(["only"]).tail() == "only")
        #expect(result([]).tail() == "")
    }

    @Test func outputAndSucceeded() {
        #expect(result(["a", "b"]).output == "a\nb")
        #expect(!result([]).succeeded)
        #expect(result([], exitCode: 0).succeeded)
    }
}
