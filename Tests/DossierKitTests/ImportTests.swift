import DossierKit
import Foundation
import Testing

/// `dossier import` on the extracts of `Tests/Fixtures/extracts/` and on broken inputs, with the real binary.
@Suite(.serialized) struct ImportTests {
    static func extract(_ name: String) -> URL { TestSupport.fixture("extracts/\(name)") }
    static let extract = extract("2022-02-17-jiangsu-ip-index.txt")

    /// Imports into a copy of `site`, returning the result and the written article's text.
    func importExtract(
        site source: URL, _ extract: URL = ImportTests.extract, _ extra: [String] = [], year: String = "2022"
    ) throws -> (TestSupport.Result, String?, URL) {
        let site = try TestSupport.copySite(source)
        let result = try TestSupport.dossier(["import", extract.path] + extra, in: site)
        return (result, articles(in: site, year: year).first.map(\.text), site)
    }

    /// The Markdown files of one year of a site's articles, by name.
    func articles(in site: URL, year: String) -> [(name: String, text: String)] {
        let folder = site.appendingPathComponent("Content/articles/\(year)")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter {
            $0.hasSuffix(".md")
        }.sorted()
        return names.compactMap { name in
            (try? TestSupport.read(folder.appendingPathComponent(name))).map { (name, $0) }
        }
    }

    @Test func theSharedExtractBecomesOneCleanAnnotatedArticle() throws {
        let (result, text, site) = try importExtract(site: TestSupport.fixture("import-registry"))
        defer { TestSupport.remove(site) }
        #expect(result.status == 0, "\(result.stderr)")
        let article = try #require(text)
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
        #expect(
            result.stderr.contains(
                "\(path):1:1: warning: the title started with a cut year '021年'; repaired it to '2021年'"))
        #expect(result.stderr.contains("warning: the title ended with a cut-off fragment '202'"))
        #expect(result.stderr.contains("\(path):3:1: warning: dropped a stray fragment '2'"))
        // What it wrote builds.
        let output = try TestSupport.temporaryFolder()
        defer { TestSupport.remove(output) }
        let build = try TestSupport.dossier(["build", "--output", output.path], in: site)
        #expect(build.status == 0, "\(build.stderr)")
    }

    /// The headline stays the title and the subtitle glued to it becomes the summary;
    /// subheadings glued to the next sentence become `##` headings.
    @Test func theSharedExtractsHeadlineAndSubheadingsAreTakenApart() throws {
        let (result, text, site) = try importExtract(site: TestSupport.fixture("import-registry"))
        defer { TestSupport.remove(site) }
        #expect(result.status == 0, "\(result.stderr)")
        let article = try #require(text)
        #expect(
            article.hasPrefix(
                "---\ntitle: 2021年江苏知识产权综合发展指数全国第二\ndate: 2022-02-17\nauthor: 蔡姝雯\nsummary: 攻坚“五区五高”打造知识产权强省\n---\n"),
            "\(article.prefix(300))")
        #expect(article.contains("实施等。\n\n## 深化开放协作拓宽“朋友圈”\n\n我省知识产权开放协作的步伐不断加快。"))
        #expect(article.contains("能力。\n\n## 坚持固本强基培养高端人才\n\n人才是第一资源。"))
        #expect(
            result.stderr.contains("warning: took '深化开放协作拓宽“朋友圈”', glued to the start of a sentence, as a subheading"))
        #expect(
            result.stderr.contains("\(Self.extract.path):1:1: warning: took '2021年江苏知识产权综合发展指数全国第二' as the headline"))
        // Each heading once, though the body came four times.
        #expect(article.components(separatedBy: "## ").count == 3)
    }

    /// Short lines between paragraphs are subheadings; a subtitle after `——` is the summary.
    @Test func subheadingLinesBecomeHeadings() throws {
        let (result, text, site) = try importExtract(
            site: TestSupport.fixture("import-bare"), Self.extract("2023-03-02-headings.txt"), ["--slug", "new-tasks"],
            year: "2023")
        defer { TestSupport.remove(site) }
        #expect(result.status == 0, "\(result.stderr)")
        let article = try #require(text)
        #expect(
            article == """
                ---
                title: 江苏部署知识产权强省建设新任务
                date: 2023-03-02
                source: 新华日报
                summary: 专利转化专项计划全面铺开
                ---

                3月1日，全省知识产权工作推进会在南京召开。会议部署了今年知识产权强省建设的重点任务。

                ## 深化开放协作拓宽“朋友圈”

                我省知识产权开放协作的步伐不断加快。今年，我省将进一步加强长三角知识产权保护协作。

                ## 坚持固本强基

                人才是第一资源。今年将修订完善知识产权领军人才评分标准。

                """)
        #expect(
            result.stderr.contains(
                "2023-03-02-headings.txt:7:1: warning: took the short line '深化开放协作拓宽“朋友圈”' as a subheading"))
        let rendered = try TestSupport.dossier(["render", "Content/articles/2023/new-tasks.md"], in: site)
        #expect(rendered.stdout.contains("<h2>深化开放协作拓宽“朋友圈”</h2>\n<p>我省知识产权开放协作"), "\(rendered.stdout)")
    }

    @Test func theSlugComesFromTheTitlesLatinWords() throws {
        let (result, _, site) = try importExtract(
            site: TestSupport.fixture("import-bare"), Self.extract("2023-08-25-ofgem-price-cap.txt"), year: "2023")
        defer { TestSupport.remove(site) }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(articles(in: site, year: "2023").map(\.name) == ["ofgem-confirms-a-lower-price-cap-for-the-winter.md"])
        // A Chinese title with a Latin name keeps the date before it; one without any keeps the date and a hash.
        try Data("G60科创走廊知识产权合作协议签署\n发布时间: 2023-06-01\n长三角九城市签署知识产权合作协议。\n".utf8)
            .write(to: site.appendingPathComponent("g60.txt"))
        let mixed = try TestSupport.dossier(["import", "g60.txt"], in: site)
        #expect(mixed.status == 0, "\(mixed.stderr)")
        #expect(mixed.stdout.contains("Wrote Content/articles/2023/2023-06-01-g60.md"), "\(mixed.stdout)")
        let chinese = try TestSupport.dossier(["import", Self.extract.path], in: site)
        #expect(
            chinese.stdout.range(
                of: #"Wrote Content/articles/2022/2022-02-17-[0-9a-f]{6}\.md"#, options: .regularExpression) != nil)
    }

    @Test func anExtractWithoutADateTakesDateFromTheCommandLine() throws {
        let site = try TestSupport.copySite(TestSupport.fixture("import-bare"))
        defer { TestSupport.remove(site) }
        let undated = Self.extract("undated-talent-plan.txt").path
        let missing = try TestSupport.dossier(["import", undated], in: site)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("undated-talent-plan.txt:1:1: error: no date found"), "\(missing.stderr)")
        #expect(missing.stderr.contains("give the date with --date YYYY-MM-DD"))
        let bad = try TestSupport.dossier(["import", undated, "--date", "2023-02-30"], in: site)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--date must be an ISO 8601 date"), "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent("Content/articles").path))
        let dated = try TestSupport.dossier(["import", undated, "--date", "2023-05-04"], in: site)
        #expect(dated.status == 0, "\(dated.stderr)")
        let written = articles(in: site, year: "2023")
        #expect(written.count == 1)
        #expect(written.first?.text.hasPrefix("---\ntitle: 省知识产权局部署人才培养工作\ndate: 2023-05-04\n---\n") == true)
    }

    /// Abbreviated institutions and people with their titles are found; quoted
    /// figures of speech come last and get no draft file, quoted programme names do not.
    @Test func suggestionsFindAbbreviationsAndPeopleAndRankMetaphorsLast() throws {
        let site = try TestSupport.copySite(TestSupport.fixture("import-bare"))
        defer { TestSupport.remove(site) }
        let undated = try TestSupport.dossier(
            ["import", Self.extract("undated-talent-plan.txt").path, "--date", "2023-05-04", "--dry-run"], in: site)
        #expect(undated.status == 0, "\(undated.stderr)")
        #expect(undated.stdout.contains("  institutions: 省知识产权局  (an organisation's name)"), "\(undated.stdout)")
        #expect(undated.stdout.contains("  institutions: 省教育厅  (an organisation's name)"))
        #expect(undated.stdout.contains("  people: 支苏平  (a person named with a title (局长))"))
        #expect(undated.stdout.contains("  initiatives: “百千万”培养工程  (a quoted programme name)"))

        let result = try TestSupport.dossier(["import", Self.extract.path, "--suggest-files", "Suggested"], in: site)
        #expect(result.status == 0, "\(result.stderr)")
        let out = result.stdout
        #expect(out.contains("  institutions: 省市场监管局  (an organisation's name)"), "\(out)")
        #expect(out.contains("  people: 沈海斌  (a person named with a title (党组书记))"))
        let lessLikely = try #require(out.range(of: "Less likely"))
        for strong in ["《江苏省“十四五”知识产权发展规划》", "“开放许可机制”", "“G60”科创走廊", "省知识产权局", "支苏平", "12万人"] {
            let found = try #require(out.range(of: strong), "\(strong)")
            #expect(found.lowerBound < lessLikely.lowerBound, "\(strong) is ranked among the figures of speech")
        }
        for metaphor in ["“强筋健骨”", "“朋友圈”", "“揭榜挂帅”"] {
            let found = try #require(out.range(of: "initiatives: \(metaphor)"), "\(metaphor)")
            #expect(found.lowerBound > lessLikely.lowerBound, "\(metaphor) is ranked with the names")
        }
        let drafts = TestSupport.files(in: site.appendingPathComponent("Suggested")).map {
            (try? TestSupport.read(site.appendingPathComponent("Suggested/\($0)"))) ?? ""
        }
        #expect(drafts.contains { $0.hasPrefix("---\nname: “开放许可机制”\n") })
        #expect(drafts.contains { $0.hasPrefix("---\nname: 支苏平\n") })
        #expect(!drafts.contains { $0.hasPrefix("---\nname: “强筋健骨”") })
    }

    /// The sample site holds this extract already: importing it again is reported, not done.
    @Test func anExtractTheSiteHoldsIsNotImportedTwice() throws {
        let (result, _, site) = try importExtract(site: TestSupport.repository)
        defer { TestSupport.remove(site) }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stderr.contains(
                "\(Self.extract.path):1:1: warning: already in the site as Content/articles/2022/2022-02-17-jiangsu-ip-index.md (the same "
            ),
            "\(result.stderr)")
        #expect(result.stderr.contains("); not imported again; pass --force to replace it"))
        #expect(
            result.stdout.contains(
                "Skipped \(Self.extract.path): already in the site as Content/articles/2022/2022-02-17-jiangsu-ip-index.md"
            ))
        #expect(articles(in: site, year: "2022").map(\.name) == ["2022-02-17-jiangsu-ip-index.md"])

        // Under another name, as another file, in another encoding: the same text is still found.
        let copy = site.appendingPathComponent("copy-gb.txt")
        let iconv = try TestSupport.run(
            URL(fileURLWithPath: "/usr/bin/iconv"),
            ["-f", "UTF-8", "-t", "GB18030", Self.extract.path, "-o", copy.path])
        #expect(iconv.status == 0)
        let again = try TestSupport.dossier(["import", "copy-gb.txt", "--slug", "another-name"], in: site)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("not imported again"))
        #expect(articles(in: site, year: "2022").map(\.name) == ["2022-02-17-jiangsu-ip-index.md"])
    }

    /// The sample site's article says, word for word, what the import makes of the extract.
    @Test func theSampleArticleCouldHaveBeenWrittenByIt() throws {
        let (result, _, site) = try importExtract(
            site: TestSupport.repository, Self.extract, ["--to", "Imported", "--force"])
        defer { TestSupport.remove(site) }
        #expect(result.status == 0, "\(result.stderr)")
        let imported = try #require(
            try FileManager.default.contentsOfDirectory(atPath: site.appendingPathComponent("Imported/2022").path).first
        )
        let importedText = try TestSupport.read(site.appendingPathComponent("Imported/2022/\(imported)"))
        let sample = try TestSupport.read(
            TestSupport.repository.appendingPathComponent("Content/articles/2022/2022-02-17-jiangsu-ip-index.md"))
        func prose(_ markdown: String) -> String {
            let body = FrontMatterSplit(markdown).body
            let unlinked = body.replacingOccurrences(
                of: #"\[([^\]]*)\]\([a-z]+:[a-z0-9-]+\)"#, with: "$1", options: .regularExpression)
            return unlinked.replacingOccurrences(of: "## ", with: "").filter { !$0.isWhitespace }
        }
        #expect(prose(importedText) == prose(sample))
        // Each name the sample links, the import links too.
        for link in [
            "(institution:jiangsu-ipa)", "(initiative:five-zones-five-highs)",
            "(initiative:jiangsu-14th-fyp-ip-talent-plan)", "(person:shen-haibin)",
        ] {
            #expect(importedText.contains(link))
        }
    }

    @Test func slugIsStableAndNothingIsOverwritten() throws {
        let (first, text, site) = try importExtract(site: TestSupport.fixture("import-registry"))
        defer { TestSupport.remove(site) }
        #expect(first.status == 0)
        let original = try #require(text)
        let written = try #require(articles(in: site, year: "2022").first?.name)
        #expect(first.stdout.contains("Content/articles/2022/\(written)"))
        // Another extract whose slug is taken is refused; the article stays as it was.
        try Data("另一篇文章\n发布时间: 2022-02-17\n这是另一篇文章的正文。\n".utf8).write(to: site.appendingPathComponent("other.txt"))
        let taken = try TestSupport.dossier(["import", "other.txt", "--slug", String(written.dropLast(3))], in: site)
        #expect(taken.status == 1)
        #expect(taken.stderr.contains("exists already; pass --force"), "\(taken.stderr)")
        #expect(articles(in: site, year: "2022").first?.text == original)
        // --force replaces the site's copy of the same extract in its place.
        let forced = try TestSupport.dossier(["import", Self.extract.path, "--force"], in: site)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(articles(in: site, year: "2022").map(\.name) == [written])
        let named = try TestSupport.dossier(["import", "other.txt", "--slug", "other-2022"], in: site)
        #expect(named.status == 0)
        #expect(
            FileManager.default.fileExists(
                atPath: site.appendingPathComponent("Content/articles/2022/other-2022.md").path))
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
        #expect(
            TestSupport.files(in: site.appendingPathComponent("Content/initiatives")).count == 2,
            "drafts never go into Content/")
    }

    /// Drafts written into `Content/` would be published as they are: any way of
    /// naming a folder there is refused, before anything is written.
    @Test(arguments: [
        "Content", "Content/", "Content/drafts", "Content/initiatives", "Suggested/../Content",
        "./Content/../Content/x/..", "linked", "linked/drafts",
    ])
    func suggestFilesInsideContentIsRefused(_ folder: String) throws {
        let site = try TestSupport.copySite(TestSupport.fixture("import-registry"))
        defer { TestSupport.remove(site) }
        try FileManager.default.createSymbolicLink(
            atPath: site.appendingPathComponent("linked").path, withDestinationPath: "Content/people")
        let before = TestSupport.files(in: site)
        let result = try TestSupport.dossier(["import", Self.extract.path, "--suggest-files", folder], in: site)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(
            result.stderr.contains(
                "dossier: error: the folder for suggested files, '\(folder)', is inside the site's Content/ folder"),
            "\(result.stderr)")
        #expect(!result.stderr.contains("--force"))
        #expect(TestSupport.files(in: site) == before)
    }

    @Test func suggestFilesBesideContentIsAllowed() throws {
        let site = try TestSupport.copySite(TestSupport.fixture("import-registry"))
        defer { TestSupport.remove(site) }
        let result = try TestSupport.dossier(
            ["import", Self.extract.path, "--suggest-files", "Content-drafts"], in: site)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            TestSupport.files(in: site.appendingPathComponent("Content-drafts")).contains {
                $0.hasPrefix("initiatives/")
            })
    }

    @Test func gb18030ExtractsAreConverted() throws {
        let site = try TestSupport.copySite(TestSupport.fixture("import-registry"))
        defer { TestSupport.remove(site) }
        let converted = site.appendingPathComponent("gb.txt")
        let iconv = try TestSupport.run(
            URL(fileURLWithPath: "/usr/bin/iconv"),
            ["-f", "UTF-8", "-t", "GB18030", Self.extract.path, "-o", converted.path])
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

    /// A file named on the command line that is not there is wrong usage (exit 2),
    /// found before anything is written; `render` says the same.
    @Test func aMissingFileIsAUsageErrorInImportAndRender() throws {
        let site = try TestSupport.copySite(TestSupport.fixture("import-registry"))
        defer { TestSupport.remove(site) }
        let before = TestSupport.files(in: site)
        let imported = try TestSupport.dossier(["import", Self.extract.path, "missing.txt"], in: site)
        #expect(imported.status == 2, "\(imported.stderr)")
        #expect(
            imported.stderr.contains("dossier: error: cannot read 'missing.txt': no such file"), "\(imported.stderr)")
        #expect(TestSupport.files(in: site) == before, "nothing was imported")
        let folder = try TestSupport.dossier(["import", "Content"], in: site)
        #expect(folder.status == 2)
        #expect(folder.stderr.contains("cannot read 'Content': it is a folder, not a file"))
        let rendered = try TestSupport.dossier(["render", "missing.md"], in: site)
        #expect(rendered.status == 2)
        #expect(
            rendered.stderr.contains("dossier: error: cannot read 'missing.md': no such file"), "\(rendered.stderr)")
    }

    /// `render` writes nothing to disk: its errors do not end with the build's "nothing was written".
    @Test func renderErrorsDoNotSayNothingWasWritten() throws {
        let site = try TestSupport.copySite(TestSupport.fixture("import-registry"))
        defer { TestSupport.remove(site) }
        try Data("[某局](institution:no-such-bureau)的通知。\n".utf8).write(to: site.appendingPathComponent("note.md"))
        let result = try TestSupport.dossier(["render", "note.md"], in: site)
        #expect(result.status == 1)
        #expect(result.stderr.contains("note.md:1:") && result.stderr.contains(": error: "), "\(result.stderr)")
        #expect(result.stderr.hasSuffix("dossier: 1 error\n"), "\(result.stderr)")
        #expect(!result.stderr.contains("nothing was written"))
    }
}
