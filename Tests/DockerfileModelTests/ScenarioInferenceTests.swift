import Foundation
import Testing

@testable import DockerfileModel

struct ScenarioInferenceTests {
    static let cSample = """
        FROM debian:bookworm-slim AS compile-image
        RUN apt-get update
        RUN apt-get install -y --no-install-recommends gcc libc6-dev
        WORKDIR /root
        COPY hello.c .
        RUN gcc -o helloworld hello.c

        FROM debian:bookworm-slim AS runtime-image
        COPY --from=compile-image /root/helloworld .
        CMD ["./helloworld"]
        """

    func infer(_ text: String, files: [String: String], ignore: DockerIgnore? = nil) throws -> ScenarioInference {
        let directory = try TemporaryDirectory()
        for (path, contents) in files { try directory.write(path, contents) }
        try directory.write("Dockerfile", text)
        let dockerfile = try Dockerfile.parse(
            text: text, file: directory.url.appendingPathComponent("Dockerfile").path)
        let graph = try StageGraph(dockerfile: dockerfile)
        return ScenarioInference.infer(
            dockerfile: dockerfile, graph: graph, contextDirectory: directory.url, dockerignore: ignore)
    }

    @Test func cSampleSourceIsHelloC() throws {
        let result = try infer(Self.cSample, files: ["hello.c": "int main(void) { return 0; }\n"])
        #expect(result.sourceFile?.path == "hello.c")
        #expect(result.sourceFile?.line == 5)
        #expect(result.sourceFile?.stage == 0)
        #expect(result.sourceFile?.reason.contains("COPY hello.c .") == true)
        #expect(result.sourceFile?.reason.contains("RUN gcc -o helloworld hello.c") == true)
        #expect(result.dependencyManifest == nil)
        #expect(result.text.contains("source file: hello.c"))
    }

    @Test func pythonSampleManifestAndSourceInsideDot() throws {
        let text = """
            FROM python:3.12-slim
            WORKDIR /app
            COPY requirements.txt .
            RUN pip install --no-cache-dir -r requirements.txt
            COPY . .
            CMD ["python", "app.py"]
            """
        let files = [
            "requirements.txt": "flask\n", "app.py": "print('hi')\n", "README.md": "# app\n",
            "static/site.css": "body {}\n", "venv/lib/site.py": "x = 1\n",
        ]
        let result = try infer(text, files: files, ignore: DockerIgnore(text: "venv\n"))
        #expect(result.dependencyManifest?.path == "requirements.txt")
        #expect(result.dependencyManifest?.line == 3)
        #expect(result.dependencyManifest?.reason.contains("RUN pip install") == true)
        #expect(result.sourceFile?.path == "app.py")
        #expect(result.sourceFile?.line == 5)
    }

    @Test func dockerignoreExcludedFilesAreNeverProposed() throws {
        let text = "FROM node:20\nCOPY package*.json ./\nRUN npm ci\nCOPY src ./src\nRUN npm run build\n"
        let files = [
            "package.json": "{}", "package-lock.json": "{}", "src/a.generated.ts": "", "src/z.ts": "",
        ]
        let result = try infer(text, files: files, ignore: DockerIgnore(text: "**/*.generated.ts\n"))
        #expect(result.dependencyManifest?.path == "package.json")
        #expect(result.sourceFile?.path == "src/z.ts")
    }

    @Test func goModuleAndNoCopyAtAll() throws {
        let go = "FROM golang:1.22 AS b\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY cmd/ cmd/\nRUN go build ./cmd/app\nFROM scratch\nCOPY --from=b /go/bin/app /app\n"
        let result = try infer(go, files: ["go.mod": "module x\n", "go.sum": "", "cmd/app/main.go": "package main\n"])
        #expect(result.dependencyManifest?.path == "go.mod")
        #expect(result.sourceFile?.path == "cmd/app/main.go")
        let none = try infer("FROM alpine\nRUN apk add curl\n", files: [:])
        #expect(none.sourceFile == nil)
        #expect(none.dependencyManifest == nil)
        #expect(none.notes.count == 2)
    }
}
