import DossierKit
import Foundation
import Testing

/// `dossier import` on the shared extract and on broken inputs, with the real binary.
@Suite(.serialized) struct ImportTests {
    static let extract = TestSupport.repository.deletingLastPathComponent()
        .appendingPathComponent("shared/extracts/2022-02-17-jiangsu-ip-index.txt")

    /// Imports into a copy of `site`, returning the result and the written article's text.
    func importExtract(site source: URL, _ extra: [String] = []) throws -> (TestSupport.Result, String?, URL) {
        let site = try TestSupport.copySite(source)
        let result = try TestSupport.dossier(["import", Self.extract.path] + extra, in: site)
        let folder = site.appendingPathComponent("Content/articles/2022")
        let file = (try? FileManager.default.contentsOfDirectory(atPath: folder.path))?.first { $0.hasSuffix(".md") }
        let text = file.flatMap { try? TestSupport.read(folder.appendingPathComponent($0)) }
        return (result, text, site)
    }

    @Test func theSharedExtractBecomesOneCleanAnnotatedArticle() throws {
        let (result, text, site) = try importExtract(site: TestSupport.fixture("import-registry"))
        defer { TestSupport.remove(site) }
        #expect(result.status == 0, "\(result.stderr)")
        let article = try #require(text)
        #expect(article.hasPrefix("---\ntitle: 2021年江苏知识产权综合发展指数全国第二攻坚“五区五高”打造知识产权强省\ndate: 2022-02-17\nauthor: 蔡姝雯\n---\n"))
        // One copy of the body, without the author glued to it or the stray `2`.
        #expect(article.components(separatedBy: "2月11日").count == 2)
        #expect(article.components(separatedBy: "启动知识产权高层次人才").count == 2)
        #expect(!article.contains("蔡姝雯\n\n") && !article.contains("试验区。 蔡姝雯"))
        #expect(!article.contains("\n2\n"))
        // Known names annotated, excluded phrases not, unknown names suggested.
        #expect(article.contains("[省知识产权局](institution:jiangsu-ipa)局长[支苏平](person:zhi-suping)说"))
        #expect(article.contains("[省市场监管局](institution:jiangsu-amr)"))
        #expect(article.contains("实施[专利导航工程](initiative:patent-navigation)"))
        #expect(article.contains("全省知识产权局系统工作会议"))
        #expect(!article.contains("全[省知识产权局]"))
        #expect(result.stdout.contains("initiatives: 《江苏省“十四五”知识产权发展规划》"))
        #expect(result.stdout.contains("initiatives: 《江苏省“十四五”知识产权人才发展规划》"))
        #expect(result.stdout.contains("= 12万人"))
        #expect(result.stdout.contains("江苏各类知识产权专业人才总量要达到12万人。"))
        // Every repair is reported where it was made.
        let path = Self.extract.path
        #expect(result.stderr.contains("\(path):1:1: warning: the title started with a cut year '021年'; repaired it to '2021年'"))
        #expect(result.stderr.contains("warning: the title ended with a cut-off fragment '202'"))
        #expect(result.stderr.contains("\(path):3:1: warning: dropped a stray fragment '2'"))
        // What it wrote builds.
        let output = try TestSupport.temporaryFolder()
        defer { TestSupport.remove(output) }
        let build = try TestSupport.dossier(["build", "--output", output.path], in: site)
        #expect(build.status == 0, "\(build.stderr)")
    }

    /// The sample site's article says, word for word, what the import makes of the extract.
    @Test func theSampleArticleCouldHaveBeenWrittenByIt() throws {
        let (result, text, site) = try importExtract(site: TestSupport.repository, ["--to", "Imported"])
        defer { TestSupport.remove(site) }
        #expect(result.status == 0, "\(result.stderr)")
        _ = text
        let imported = try #require(
            try FileManager.default.contentsOfDirectory(atPath: site.appendingPathComponent("Imported/2022").path).first)
        let importedText = try TestSupport.read(site.appendingPathComponent("Imported/2022/\(imported)"))
        let sample = try TestSupport.read(
            TestSupport.repository.appendingPathComponent("Content/articles/2022/2022-02-17-jiangsu-ip-index.md"))
        func prose(_ markdown: String) -> String {
            let body = FrontMatterSplit(markdown).body
            let unlinked = body.replacingOccurrences(of: #"\[([^\]]*)\]\([a-z]+:[a-z0-9-]+\)"#, with: "$1", options: .regularExpression)
            return unlinked.replacingOccurrences(of: "## ", with: "").filter { !$0.isWhitespace }
        }
        #expect(prose(importedText) == prose(sample))
        // Each name the sample links, the import links too.
        for link in ["(institution:jiangsu-ipa)", "(initiative:five-zones-five-highs)", "(initiative:jiangsu-14th-fyp-ip-talent-plan)", "(person:shen-haibin)"] {
            #expect(importedText.contains(link))
        }
    }

    @Test func slugIsStableAndNothingIsOverwritten() throws {
        let (first, text, site) = try importExtract(site: TestSupport.fixture("import-registry"))
        defer { TestSupport.remove(site) }
        #expect(first.status == 0)
        #expect(text != nil)
        #expect(first.stdout.contains("Content/articles/2022/2022-02-17-"))
        let again = try TestSupport.dossier(["import", Self.extract.path], in: site)
        #expect(again.status == 1)
        #expect(again.stderr.contains("exists already; pass --force"))
        let forced = try TestSupport.dossier(["import", Self.extract.path, "--force"], in: site)
        #expect(forced.status == 0)
        let named = try TestSupport.dossier(["import", Self.extract.path, "--slug", "ip-index-2021"], in: site)
        #expect(named.status == 0)
        #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent("Content/articles/2022/ip-index-2021.md").path))
    }

    @Test func dryRunWritesNothingAndSuggestFilesWritesDrafts() throws {
        let site = try TestSupport.copySite(TestSupport.fixture("import-registry"))
        defer { TestSupport.remove(site) }
        let dry = try TestSupport.dossier(["import", Self.extract.path, "--dry-run"], in: site)
        #expect(dry.status == 0)
        #expect(dry.stdout.contains("title: 2021年江苏知识产权综合发展指数"))
        #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent("Content/articles").path))
        let drafts = try TestSupport.dossier(["import", Self.extract.path, "--suggest-files", "Suggested"], in: site)
        #expect(drafts.status == 0)
        let files = TestSupport.files(in: site.appendingPathComponent("Suggested"))
        #expect(files.contains { $0.hasPrefix("initiatives/") })
        #expect(files.contains { $0.hasPrefix("figures/") })
        #expect(TestSupport.files(in: site.appendingPathComponent("Content/initiatives")).count == 2, "drafts never go into Content/")
    }

    @Test func gb18030ExtractsAreConverted() throws {
        let site = try TestSupport.copySite(TestSupport.fixture("import-registry"))
        defer { TestSupport.remove(site) }
        let converted = site.appendingPathComponent("gb.txt")
        let iconv = try TestSupport.run(URL(fileURLWithPath: "/usr/bin/iconv"), ["-f", "UTF-8", "-t", "GB18030", Self.extract.path, "-o", converted.path])
        #expect(iconv.status == 0)
        let result = try TestSupport.dossier(["import", converted.path, "--dry-run"], in: site)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("gb.txt:1:1: warning: converted from GB18030 to UTF-8"))
        #expect(result.stdout.contains("[省知识产权局](institution:jiangsu-ipa)"))
    }

    @Test(arguments: [
        ("empty.txt", Data("  \n\n".utf8), "the file is empty"),
        ("binary.txt", Data([0x89, 0x50, 0x4E, 0x47, 0x00, 0x00, 0x01, 0x02]), "the file is binary data"),
        ("undated.txt", Data("某某标题\n正文第一段。正文第二句。\n".utf8), "no date found"),
        ("latin1.txt", Data([0x41, 0xE9, 0xFF, 0xFE, 0x0A, 0x80, 0x81]), "the file is neither UTF-8 nor GB18030"),
    ])
    func badInputIsAClearError(_ name: String, _ bytes: Data, _ message: String) throws {
        let site = try TestSupport.copySite(TestSupport.fixture("import-registry"))
        defer { TestSupport.remove(site) }
        try bytes.write(to: site.appendingPathComponent(name))
        let result = try TestSupport.dossier(["import", name], in: site)
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(name):1:1: error: \(message)"), "\(result.stderr)")
    }
}
