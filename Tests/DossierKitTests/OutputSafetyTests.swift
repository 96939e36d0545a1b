import DossierPublish
import Foundation
import Testing

/// SPEC "The output folder": an output folder inside the sources is refused,
/// `--force` lists what it replaces, a killed build is completed by the next one,
/// and two builds into one folder do not mix.
@Suite struct OutputSafetyTests {
    /// A large file replacing another (the open data's database) is written into disk blocks
    /// reserved for it (the old file's size): whole, with nothing reserved left beyond its end
    /// when it is smaller than the file it replaced, and the old file's second name gone.
    @Test func aLargeFileReplacingAnotherIsWholeAndHoldsNoMoreThanItsSize() throws {
        let folder = try TestSupport.temporaryFolder("dossier-output")
        defer { TestSupport.remove(folder) }
        let output = folder.appendingPathComponent("Public")
        for (round, size) in [(0, 6 << 20), (1, 9 << 20), (2, 5 << 20)] {
            let bytes = Data((0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ round) })
            let out = try OutputFolder(path: output.path, display: "Public", force: false)
            try out.begin(planned: ["data/large.bin"])
            try out.writeMade("data/large.bin", fingerprint: nil) { path in
                // As the data's makers do: into the file there, if one is, without truncating it.
                let descriptor = open(path, O_WRONLY | O_CREAT, 0o644)
                #expect(descriptor >= 0)
                defer { close(descriptor) }
                let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
                #expect(written == size)
            }
            _ = try out.finish()
            out.release()
            let file = output.appendingPathComponent("data/large.bin")
            #expect(try Data(contentsOf: file) == bytes, "round \(round)")
            var info = stat()
            #expect(stat(file.path, &info) == 0)
            #expect(Int(info.st_blocks) * 512 < size + (1 << 20), "round \(round): \(info.st_blocks) blocks")
            #expect(
                TestSupport.files(in: output.appendingPathComponent("data")) == ["large.bin"],
                "round \(round): no temporary or retired file is left")
        }
    }

    /// Inside Content/ or Templates/, or holding them: refused (exit 2), with or
    /// without --force, nothing written, and no advice to use --force.
    @Test func anOutputFolderInsideOrAroundTheSourcesIsRefused() throws {
        let site = try TestSupport.copySite(ErrorFixtureTests.valid)
        defer { TestSupport.remove(site) }
        try FileManager.default.createDirectory(
            at: site.appendingPathComponent("Templates"), withIntermediateDirectories: true)
        let before = TestSupport.files(in: site)
        for output in [
            "Content/static/gen", "Content", "Content/articles/../static", "Templates/out", ".", "..", site.path,
        ] {
            for force in [false, true] {
                let result = try TestSupport.dossier(
                    ["build", "--no-search", "--output", output] + (force ? ["--force"] : []), in: site)
                #expect(
                    result.status == 2, "--output \(output) (force: \(force)): exit \(result.status)\n\(result.stderr)")
                #expect(
                    !result.stderr.contains("--force"), "the refusal of \(output) suggests --force: \(result.stderr)")
                #expect(result.stderr.contains("Content/") || result.stderr.contains("Templates/"), "\(result.stderr)")
            }
        }
        #expect(TestSupport.files(in: site) == before, "a refused build wrote into the site")
        #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent("Content/static/gen").path))
    }

    /// A symlink into Content/ is seen through.
    @Test func aSymlinkIntoTheContentIsRefusedToo() throws {
        let site = try TestSupport.copySite(ErrorFixtureTests.valid)
        defer { TestSupport.remove(site) }
        try FileManager.default.createDirectory(
            at: site.appendingPathComponent("Content/static"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: site.appendingPathComponent("out").path,
            withDestinationPath: site.appendingPathComponent("Content/static").path)
        let result = try TestSupport.dossier(["build", "--no-search", "--output", "out/gen"], in: site)
        #expect(result.status == 2, "stderr: \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent("Content/static/gen").path))
    }

    /// `--force` keeps the files the site does not produce and lists, as warnings,
    /// each one it replaces; the help says so.
    @Test func forceListsTheForeignFilesItReplaces() throws {
        let site = try TestSupport.copySite(ErrorFixtureTests.valid)
        let output = try TestSupport.temporaryFolder("dossier-adopted")
        defer { [site, output].forEach(TestSupport.remove) }
        try TestSupport.write("my own home page\n", to: output.appendingPathComponent("index.html"))
        try TestSupport.write("my notes\n", to: output.appendingPathComponent("notes.txt"))
        try TestSupport.write("old feed\n", to: output.appendingPathComponent("feed.xml"))

        let result = try TestSupport.dossier(["build", "--no-search", "--force", "--output", output.path], in: site)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let warnings = ReportedDiagnostics.parse(result.stderr).filter { $0.severity == "warning" }
        #expect(
            warnings.map(\.path).sorted() == [output.path + "/feed.xml", output.path + "/index.html"],
            "\(result.stderr)")
        #expect(warnings.allSatisfy { $0.message.contains("which Dossier did not write, is replaced") })
        #expect(try TestSupport.read(output.appendingPathComponent("notes.txt")) == "my notes\n")
        #expect(try TestSupport.read(output.appendingPathComponent("index.html")) != "my own home page\n")

        // Adopted: the next build replaces nothing foreign, so it warns about nothing.
        let again = try TestSupport.dossier(["build", "--no-search", "--output", output.path], in: site)
        #expect(again.status == 0 && !again.stderr.contains("replaces"), "stderr: \(again.stderr)")

        let help = try TestSupport.dossier(["build", "--help"], in: site)
        #expect(help.stdout.contains("kept") && help.stdout.contains("replaces"), "\(help.stdout)")
    }

    /// A site big enough that a build takes a while: the sample site with many
    /// copies of its article.
    static func largeSite(articles: Int) throws -> URL {
        let site = try TestSupport.copySite(TestSupport.repository)
        let source = site.appendingPathComponent("Content/articles/2022/2022-02-17-jiangsu-ip-index.md")
        let text = try TestSupport.read(source)
        for n in 1...articles {
            let day = String(format: "2021-%02d-%02d", n % 12 + 1, n % 28 + 1)
            let copy = text.replacingOccurrences(of: "date: 2022-02-17", with: "date: \(day)")
                .replacingOccurrences(of: "title: ", with: "title: 第\(n)篇 ")
            try TestSupport.write(copy, to: site.appendingPathComponent("Content/articles/2021/copy-\(n).md"))
        }
        return site
    }

    /// `dossier build --no-search` in `site`, running, its output thrown away.
    static func startBuild(in site: URL) throws -> Process {
        let process = Process()
        process.executableURL = TestSupport.dossier
        process.arguments = ["build", "--no-search"]
        process.currentDirectoryURL = site
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    static func expectSameFolders(_ actual: URL, _ expected: URL, _ context: String) throws {
        let a = try FolderSnapshot(actual)
        let b = try FolderSnapshot(expected)
        #expect(
            a.files == b.files,
            "\(context): the files differ: \(Set(a.files).symmetricDifference(b.files).sorted().prefix(10))")
        for file in b.files where a.contents[file] != b.contents[file] {
            Issue.record("\(context): \(file) differs from a clean build")
        }
    }

    /// `kill -9` at several moments of a build, each followed by a normal build:
    /// the folder then equals a clean build, byte for byte, temporary files gone.
    @Test func aBuildKilledAtAnyMomentIsCompletedByTheNext() throws {
        let site = try Self.largeSite(articles: 300)
        let clean = try TestSupport.temporaryFolder("dossier-clean")
        defer { [site, clean].forEach(TestSupport.remove) }
        let reference = try TestSupport.dossier(["build", "--no-search", "--clean", "--output", clean.path], in: site)
        try #require(reference.status == 0, "stderr: \(reference.stderr)")
        let output = site.appendingPathComponent("Public")
        var killedWhileRunning = 0
        for delay in [0.05, 0.2, 0.4, 0.7, 1.0, 1.5] {
            // Each time a change, so that the killed build has pages to rewrite.
            let article = site.appendingPathComponent("Content/articles/2021/copy-1.md")
            try TestSupport.write(
                try TestSupport.read(article).replacingOccurrences(of: "第1篇", with: "第1篇\(Int(delay * 100))"),
                to: article)
            let process = try Self.startBuild(in: site)
            Thread.sleep(forTimeInterval: delay)
            if process.isRunning {
                killedWhileRunning += 1
                kill(process.processIdentifier, SIGKILL)
            }
            process.waitUntilExit()
        }
        #expect(killedWhileRunning >= 3, "the build was too fast to be killed while it ran")
        // The clean build had the first article as it is now.
        let reference2 = try TestSupport.dossier(["build", "--no-search", "--clean", "--output", clean.path], in: site)
        try #require(reference2.status == 0, "stderr: \(reference2.stderr)")
        let next = try TestSupport.dossier(["build", "--no-search"], in: site)
        #expect(next.status == 0, "stderr: \(next.stderr)")
        try Self.expectSameFolders(output, clean, "after kill -9")
        #expect(!TestSupport.files(in: output).contains { $0.hasSuffix(".dossier-tmp") })
    }

    /// Two builds into one folder at the same time: the second waits for the
    /// first (a lock on a hidden file), both succeed, and the folder is whole.
    @Test func twoBuildsIntoOneFolderDoNotMix() throws {
        let site = try Self.largeSite(articles: 150)
        let clean = try TestSupport.temporaryFolder("dossier-clean")
        defer { [site, clean].forEach(TestSupport.remove) }
        let reference = try TestSupport.dossier(["build", "--no-search", "--clean", "--output", clean.path], in: site)
        try #require(reference.status == 0, "stderr: \(reference.stderr)")

        // Both started before either is waited for.
        let logs = try TestSupport.temporaryFolder("dossier-logs")
        defer { TestSupport.remove(logs) }
        var builds: [(process: Process, log: URL)] = []
        for n in 0..<2 {
            let process = Process()
            process.executableURL = TestSupport.dossier
            process.arguments = ["build", "--no-search", "--clean"]
            process.currentDirectoryURL = site
            let log = logs.appendingPathComponent("stderr-\(n)")
            FileManager.default.createFile(atPath: log.path, contents: nil)
            process.standardError = try FileHandle(forWritingTo: log)
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            builds.append((process, log))
        }
        var results: [TestSupport.Result] = []
        for build in builds {
            build.process.waitUntilExit()
            results.append(
                .init(status: build.process.terminationStatus, stdout: "", stderr: try TestSupport.read(build.log)))
        }
        for result in results { #expect(result.status == 0, "stderr: \(result.stderr)") }
        #expect(
            results.contains { $0.stderr.contains("Waiting for another build") }, "neither build waited for the other")
        try Self.expectSameFolders(site.appendingPathComponent("Public"), clean, "after two builds at once")
    }

    /// A lock held by a build that is killed is released with it.
    @Test func aKilledBuildReleasesTheLock() throws {
        let site = try Self.largeSite(articles: 150)
        defer { TestSupport.remove(site) }
        let process = try Self.startBuild(in: site)
        Thread.sleep(forTimeInterval: 0.3)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let next = try TestSupport.dossier(["build", "--no-search"], in: site)
        #expect(next.status == 0, "stderr: \(next.stderr)")
        #expect(!next.stderr.contains("Waiting"), "the killed build's lock was still held")
    }
}
