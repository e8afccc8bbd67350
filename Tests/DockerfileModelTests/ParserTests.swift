import Testing

@testable import DockerfileModel

struct ParserTests {
    @Test func directivesOnlyAtTheTop() throws {
        let text = "# syntax=docker/dockerfile:1\n# check=skip=all\n# escape=`\nFROM alpine\n# escape=\\\nRUN echo a `\n  b\n"
        let dockerfile = try Dockerfile.parse(text: text)
        #expect(dockerfile.directives.map(\.name) == ["syntax", "check", "escape"])
        #expect(dockerfile.directives.map(\.line) == [1, 2, 3])
        #expect(dockerfile.escapeToken == "`")
        #expect(dockerfile.instructions[1].arguments == ["echo a   b"])
        #expect(dockerfile.instructions[1].startLine == 6)
        #expect(dockerfile.instructions[1].endLine == 7)
    }

    @Test func directiveAfterCommentIsIgnored() throws {
        let dockerfile = try Dockerfile.parse(text: "# hello\n# escape=`\nFROM a\nRUN x \\\n y\n")
        #expect(dockerfile.directives.isEmpty)
        #expect(dockerfile.escapeToken == "\\")
        #expect(dockerfile.instructions[1].arguments == ["x  y"])
    }

    @Test func continuationSkipsCommentsAndEmptyLines() throws {
        let text = "FROM a\nRUN apt-get update \\\n  # a comment\n\n  && apt-get install -y gcc\nCMD x\n"
        let dockerfile = try Dockerfile.parse(text: text)
        let run = dockerfile.instructions[1]
        #expect(run.arguments == ["apt-get update   && apt-get install -y gcc"])
        #expect(run.startLine == 2)
        #expect(run.endLine == 5)
        #expect(dockerfile.instructions[2].startLine == 6)
        #expect(!dockerfile.warnings.isEmpty)
    }

    @Test func jsonAndShellForms() throws {
        let dockerfile = try Dockerfile.parse(text: "FROM a\nCMD [\"a\", \"b c\"]\nCMD a [b\nENTRYPOINT ['x']\n")
        #expect(dockerfile.instructions[1].isJSON)
        #expect(dockerfile.instructions[1].arguments == ["a", "b c"])
        #expect(!dockerfile.instructions[2].isJSON)
        #expect(dockerfile.instructions[2].arguments == ["a [b"])
        #expect(dockerfile.instructions[3].arguments == ["['x']"])
    }

    @Test func flagsAndCaseInsensitiveNames() throws {
        let text = """
            from --platform=$BUILDPLATFORM golang:1.22 As Build
            copy --link --chown=1000:1000 --from=build /out /app
            Run --mount=type=cache,target=/root/.cache go build ./...
            """
        let dockerfile = try Dockerfile.parse(text: text)
        #expect(dockerfile.instructions.map(\.name) == ["from", "copy", "run"])
        #expect(dockerfile.instructions[0].flag("platform") == "$BUILDPLATFORM")
        #expect(dockerfile.instructions[1].flags == ["--link", "--chown=1000:1000", "--from=build"])
        #expect(dockerfile.instructions[1].flag("link") == "")
        #expect(dockerfile.instructions[1].flag("from") == "build")
        #expect(dockerfile.instructions[2].values(ofFlag: "mount") == ["type=cache,target=/root/.cache"])
        #expect(dockerfile.astDump.contains("(copy [\"--link\" \"--chown=1000:1000\" \"--from=build\"] \"/out\" \"/app\")"))
    }

    @Test func envAndLabelForms() throws {
        let text = "FROM a\nENV A 1 2\nENV B=1 C=\"x y\"\nLABEL maintainer me\nLABEL a=b\n"
        let dockerfile = try Dockerfile.parse(text: text)
        #expect(dockerfile.instructions[1].arguments == ["A", "1 2", ""])
        #expect(dockerfile.instructions[2].arguments == ["B", "1", "=", "C", "\"x y\"", "="])
        #expect(dockerfile.instructions[2].keyValuePairs.map(\.key) == ["B", "C"])
        #expect(dockerfile.instructions[3].arguments == ["maintainer", "me", ""])
        #expect(dockerfile.instructions[4].arguments == ["a", "b", "="])
    }

    @Test func onbuildNestsItsTrigger() throws {
        let dockerfile = try Dockerfile.parse(text: "FROM a\nONBUILD COPY --from=x . /\n")
        let onbuild = dockerfile.instructions[1]
        #expect(onbuild.onbuildTrigger?.name == "copy")
        #expect(onbuild.onbuildTrigger?.flag("from") == "x")
        #expect(onbuild.astDump == "onbuild (copy [\"--from=x\"] \".\" \"/\")")
    }

    @Test func heredocsWithQuotesChompAndSeveralPerLine() throws {
        let text = """
            FROM alpine
            RUN <<EOF
            echo one
            EOF
            COPY <<A <<"B" /dest/
            a body
            A
            b $body
            B
            RUN <<-'END' bash
            \techo tabbed
            \tEND
            CMD done

            """
        let dockerfile = try Dockerfile.parse(text: text)
        let run = dockerfile.instructions[1]
        #expect(run.heredocs == [Heredoc(name: "EOF", fileDescriptor: 0, expand: true, chomp: false, content: "echo one\n")])
        #expect(run.startLine == 2)
        #expect(run.endLine == 4)
        let copy = dockerfile.instructions[2]
        #expect(copy.heredocs.map(\.name) == ["A", "B"])
        #expect(copy.heredocs.map(\.expand) == [true, false])
        #expect(copy.heredocs[1].content == "b $body\n")
        #expect(copy.arguments == ["<<A", "<<\"B\"", "/dest/"])
        #expect(copy.endLine == 9)
        let chomped = dockerfile.instructions[3]
        #expect(chomped.heredocs.first?.chomp == true)
        #expect(chomped.heredocs.first?.expand == false)
        #expect(chomped.heredocs.first?.content == "\techo tabbed\n")
        #expect(dockerfile.instructions[4].startLine == 13)
    }

    @Test func heredocMarkerInsideQuotesOrJSONIsNotAHeredoc() throws {
        let dockerfile = try Dockerfile.parse(text: "FROM a\nRUN echo \"<<EOF\"\nRUN [\"sh\", \"<<EOF\"]\nCMD x\n")
        #expect(dockerfile.instructions[1].heredocs.isEmpty)
        #expect(dockerfile.instructions[2].heredocs.isEmpty)
        #expect(dockerfile.instructions.count == 4)
    }

    @Test func crlfAndByteOrderMark() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("FROM a\r\nRUN b \\\r\n c\r\n".utf8)
        let dockerfile = try Dockerfile.parse(bytes: bytes)
        #expect(dockerfile.astDump == "(from \"a\")\n(run \"b  c\")\n")
    }

    @Test func goQuoteEscapesLikeStrconv() {
        #expect(GoQuote.quote("a\"b\\c\t\u{0}\u{7F}\u{A0}♥") == "\"a\\\"b\\\\c\\t\\x00\\x7f\\u00a0♥\"")
    }
}
