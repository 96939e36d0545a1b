import DossierKit
import Foundation
import Testing

/// What a new user ran into with real content: time zones, figures reported but
/// not named, bad languages, other generators' fields, unlinkable names, drafts.
@Suite struct ContentHardeningTests {
    /// The small valid site, copied, with `edit` applied to its files.
    static func site(_ edits: [String: String] = [:]) throws -> URL {
        let site = try TestSupport.copySite(ErrorFixtureTests.valid)
        for (file, text) in edits { try TestSupport.write(text, to: site.appendingPathComponent(file)) }
        return site
    }

    static func build(_ site: URL, _ extra: [String] = []) throws -> TestSupport.Result {
        try TestSupport.dossier(["build", "--no-search"] + extra, in: site)
    }

    static func page(_ site: URL, _ path: String) throws -> String {
        try TestSupport.read(site.appendingPathComponent("Public/" + path))
    }

    // MARK: time zones

    /// 20:00 UTC on 28 January is 29 January in Shanghai; `<time datetime>` keeps the offset.
    @Test func aDateWithAnOffsetIsShownOnItsDayInTheSiteTimeZone() throws {
        let site = try Self.site([
            "Content/articles/2022/late.md": """
            ---
            title: 深夜发布
            date: 2023-01-28T20:00:00Z
            ---

            正文。
            """
        ])
        defer { TestSupport.remove(site) }
        let result = try Self.build(site)
        try #require(result.status == 0, "stderr: \(result.stderr)")
        let page = try Self.page(site, "articles/late/index.html")
        #expect(page.contains("<time datetime=\"2023-01-28T20:00:00Z\">2023年1月29日</time>"), "\(page)")
        // Newest first by the instant: it is the newest article, on the home page's list too.
        let index = try Self.page(site, "articles/index.html")
        let late = try #require(index.range(of: "articles/late/"))
        let other = try #require(index.range(of: "articles/patent-navigation-bases/"))
        #expect(late.lowerBound < other.lowerBound)
        // The feed carries the same instant.
        let feed = try Self.page(site, "feed.xml")
        #expect(feed.contains("<published>2023-01-29T04:00:00+08:00</published>"), "\(feed)")
    }

    /// A time without an offset is in the site's zone, and `datetime` says which.
    @Test func aTimeWithoutAnOffsetGetsTheSiteOffset() throws {
        let site = try Self.site([
            "Content/articles/2022/morning.md": "---\ntitle: 早间\ndate: 2022-03-05T08:30\n---\n\n正文。\n"
        ])
        defer { TestSupport.remove(site) }
        let result = try Self.build(site)
        try #require(result.status == 0, "stderr: \(result.stderr)")
        let page = try Self.page(site, "articles/morning/index.html")
        #expect(page.contains("<time datetime=\"2022-03-05T08:30:00+08:00\">2022年3月5日</time>"), "\(page)")
    }

    // MARK: figures

    /// An article that only reports a value (no mention in its text) counts on the
    /// figure's page, and its own page lists the values it reports.
    @Test func anObservationCountsAsAMentionAndIsShownOnTheArticle() throws {
        let site = try Self.site([
            "Content/articles/2022/second-report.md": """
            ---
            title: 人才总量再创新高
            date: 2022-06-01
            observations:
              - { figure: talent-total, value: 101000, date: 2022-05-31 }
            ---

            [省知识产权局](institution:jiangsu-ipa)发布数据。
            """
        ])
        defer { TestSupport.remove(site) }
        let result = try Self.build(site)
        try #require(result.status == 0, "stderr: \(result.stderr)")
        let figure = try Self.page(site, "figures/talent-total/index.html")
        #expect(figure.contains("articles/second-report/") && figure.contains("articles/jiangsu-ip-index/"))
        // Neither article names the figure in its text: both count.
        #expect(figure.contains("被2篇文章提及"), "\(figure)")
        let article = try Self.page(site, "articles/second-report/index.html")
        #expect(article.contains("10.1万人"), "the article page does not show the value it reports")
        #expect(article.contains("figures/talent-total/"))
    }

    // MARK: sentences

    /// In Latin text `.` followed by white space ends a sentence.
    @Test func aLatinFullStopEndsTheQuotedSentence() throws {
        let result = Self.link(
            "The regulator met on Monday. Then [Ofgem](institution:ofgem) set the cap. Prices rose by 3.5 per cent after it.\n")
        let sentence = try #require(result.mentions.first?.sentence)
        #expect(sentence.text == "Then Ofgem set the cap.")
        #expect(sentence.before == "Then " && sentence.mention == "Ofgem" && sentence.after == " set the cap.")
    }

    /// Closing quotes stay with the sentence they close; `。` needs no space.
    @Test func closingQuotesStayWithTheirSentence() throws {
        let result = Self.link("他说：“[省知识产权局](institution:ofgem)做得好。”随后散会。\n")
        #expect(result.mentions.first?.sentence.text == "他说：“省知识产权局做得好。”")
    }

    /// 10,000 mentions in one paragraph without a sentence end: each is quoted as
    /// at most 300 characters around it (plus the two ellipses), so quoting costs
    /// time and memory in proportion to the text.
    @Test func aHugeParagraphIsQuotedInWindows() throws {
        let paragraph = String(repeating: "and [Ofgem](institution:ofgem) said more ", count: 10_000)
        let result = Self.link(paragraph + "\n")
        #expect(result.mentions.count == 10_000)
        let longest = result.mentions.map { $0.sentence.text.unicodeScalars.count }.max() ?? 0
        #expect(longest <= Sentence.window + 2, "a quote of \(longest) characters")
        let first = try #require(result.mentions.first?.sentence)
        #expect(first.text.hasSuffix("…") && first.mention == "Ofgem")
        // Cut between words, never inside one.
        for mention in result.mentions.prefix(50) {
            let text = mention.sentence.text
            let inner = text.trimmingCharacters(in: CharacterSet(charactersIn: "…"))
            #expect(inner.hasPrefix("and") || inner.hasPrefix("Ofgem") || inner.hasPrefix("said") || inner.hasPrefix("more"), "\(text)")
        }
    }

    /// 20,000 autolinked names in one Chinese sentence: linear, each quote bounded.
    @Test func twentyThousandAutolinkedNamesInOneSentence() throws {
        let text = String(repeating: "省知识产权局和", count: 20_000) + "。\n"
        let matcher = NameMatcher(patterns: [("省知识产权局", .entity(EntityRef(kind: "institutions", id: "ofgem")))])
        let linker = MarkdownLinker(resolver: Self.resolver, options: MarkdownOptions(), matcher: matcher)
        let result = linker.link(body: text, source: SourceText(path: "a.md", text: text), lineOffset: 0, autolink: .all)
        #expect(result.mentions.count == 20_000)
        #expect(result.mentions.allSatisfy { $0.sentence.text.unicodeScalars.count <= Sentence.window + 2 })
        // Columns are right at the end of the long line.
        #expect(result.mentions.last?.location.column == 19_999 * 7 + 1)
    }

    /// A sentence holding several mentions is stored once: every mention's quote shares its text.
    @Test func aSentenceIsStoredOnce() throws {
        let result = Self.link(
            "[省知识产权局](institution:ofgem)、[省知识产权局](institution:ofgem)和[Ofgem](institution:ofgem)开会。\n")
        let texts = result.mentions.map(\.sentence.text)
        #expect(texts.count == 3 && Set(texts).count == 1)
        #expect(result.mentions.map(\.sentence.mention) == ["省知识产权局", "省知识产权局", "Ofgem"])
    }

    static let resolver = ReferenceResolver(
        kinds: [EntityKind(folder: "institutions", singular: "institution", label: "Institutions")],
        entities: [EntityRef(kind: "institutions", id: "ofgem")])

    static func link(_ markdown: String) -> LinkedMarkdown {
        MarkdownLinker(resolver: resolver, options: MarkdownOptions())
            .link(body: markdown, source: SourceText(path: "a.md", text: markdown), lineOffset: 0)
    }

    // MARK: site.yml and front matter

    /// `language` must be a well-formed BCP 47 tag: an error at its line otherwise.
    @Test func aMalformedLanguageIsAnError() throws {
        let site = try Self.site([
            "Content/site.yml": "title: 简报\nbase_url: https://example.org/\nlanguage: english!!\ntimezone: Asia/Shanghai\n"
        ])
        defer { TestSupport.remove(site) }
        let result = try Self.build(site)
        #expect(result.status == 1)
        #expect(result.stderr.contains("Content/site.yml:3:11: error: 'language'"), "\(result.stderr)")
        for good in ["en", "zh-CN", "zh-Hant-TW", "de-CH-1996", "sr-Latn-RS", "en-x-private", "es-419"] {
            #expect(LanguageTag.isWellFormed(good), "\(good)")
        }
        for bad in ["english!!", "", "e", "en-", "zh_CN", "en-US-x", "a-b", "en-a-bb-a-cc", "123"] {
            #expect(!LanguageTag.isWellFormed(bad), "\(bad)")
        }
    }

    /// Fields other generators use are warned about, with what Dossier calls them.
    @Test func otherGeneratorsFieldsAreWarnedAbout() throws {
        let site = try Self.site([
            "Content/articles/2022/hugo-style.md": """
            ---
            title: 雨果风格
            date: 2022-04-01
            tags: [ip, jiangsu]
            description: 一句话
            lastmod: 2022-04-02
            ---

            正文。
            """,
            "Content/institutions/with-alias.md": "---\nname: 某某局\nalias: 某局\n---\n",
        ])
        defer { TestSupport.remove(site) }
        let result = try Self.build(site)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let file = "Content/articles/2022/hugo-style.md"
        #expect(result.stderr.contains("\(file):4:1: warning: unknown field 'tags'"), "\(result.stderr)")
        #expect(result.stderr.contains("\(file):5:1: warning: unknown field 'description' (did you mean 'summary'?)"))
        #expect(result.stderr.contains("\(file):6:1: warning: unknown field 'lastmod' (did you mean 'updated'?)"))
        #expect(result.stderr.contains("Content/institutions/with-alias.md:3:1: warning: unknown field 'alias' (did you mean 'aliases'?)"))
    }

    /// An empty alias, a one-letter Latin alias and stop words are warned about at
    /// their lines and never autolinked.
    @Test func stopWordsAndTinyAliasesAreNeverAutolinked() throws {
        let site = try Self.site([
            "Content/institutions/jiangsu-ipa.md": """
            ---
            name: 江苏省知识产权局
            aliases:
              - 省知识产权局
              - ""
              - 的
              - the
              - A
            ---
            """
        ])
        defer { TestSupport.remove(site) }
        let result = try Self.build(site)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let file = "Content/institutions/jiangsu-ipa.md"
        for line in [5, 6, 7, 8] {
            #expect(result.stderr.contains("\(file):\(line):5: warning:"), "no warning at line \(line):\n\(result.stderr)")
        }
        let article = try Self.page(site, "articles/patent-navigation-bases/index.html")
        #expect(!article.contains(">的</a>"), "a stop word was autolinked")
    }

    /// An entity whose very name is a stop word is warned about at its `name:` line.
    @Test func aStopWordNameIsWarnedAboutAtItsLine() throws {
        let site = try Self.site(["Content/institutions/de.md": "---\n# a comment\nname: 的\n---\n"])
        defer { TestSupport.remove(site) }
        let result = try Self.build(site)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stderr.contains("Content/institutions/de.md:3:7: warning: '的' is a stop word"), "\(result.stderr)")
    }

    /// Two files with one id: a duplicate id, not also a name "shared" by the entity with itself.
    @Test func aDuplicateIDIsNotAlsoASharedName() throws {
        let site = try TestSupport.copySite(ErrorFixtureTests.folder.appendingPathComponent("duplicate-id"))
        defer { TestSupport.remove(site) }
        let result = try Self.build(site)
        #expect(result.status == 1)
        #expect(result.stderr.contains("duplicate"), "\(result.stderr)")
        #expect(!result.stderr.contains("belongs to both"), "\(result.stderr)")
    }

    /// A file with one error is still linked, so its other errors come in the same run (SPEC: every error, not only the first).
    @Test func anErrorInAFileDoesNotHideItsOtherErrors() throws {
        let site = try Self.site([
            "Content/institutions/broken.md": "---\nname: 某局\nstatus: unknown-status\nparent: institution:nope\n---\n",
            "Content/articles/2022/broken.md": """
            ---
            title: 有错的文章
            date: 2022-04-01
            autolink: sometimes
            observations:
              - { figure: missing-fig, value: 1 }
            ---

            [某局](institution:nowhere)说。
            """,
        ])
        defer { TestSupport.remove(site) }
        let result = try Self.build(site)
        #expect(result.status == 1)
        let errors = ReportedDiagnostics.parse(result.stderr).filter { $0.severity == "error" }.map { "\($0.path):\($0.line)" }
        for expected in [
            "Content/institutions/broken.md:3", "Content/institutions/broken.md:4", "Content/articles/2022/broken.md:4",
            "Content/articles/2022/broken.md:6", "Content/articles/2022/broken.md:9",
        ] {
            #expect(errors.contains(expected), "no error at \(expected):\n\(result.stderr)")
        }
    }

    /// `render` inside a site links names as the build does, so its output is the page's body.
    @Test func renderAutolinksLikeTheBuild() throws {
        let site = try Self.site([
            "Content/articles/2022/plain.md": "---\ntitle: 无注释\ndate: 2022-04-01\n---\n\n江苏省知识产权局发布通知。\n"
        ])
        defer { TestSupport.remove(site) }
        let rendered = try TestSupport.dossier(["render", "Content/articles/2022/plain.md"], in: site)
        #expect(rendered.status == 0, "\(rendered.stderr)")
        #expect(rendered.stdout.contains("href=\"../../institutions/jiangsu-ipa/\""), "\(rendered.stdout)")
        let built = try Self.build(site)
        try #require(built.status == 0, "\(built.stderr)")
        #expect(try Self.page(site, "articles/plain/index.html").contains(rendered.stdout.trimmingCharacters(in: .newlines)))
    }

    /// A GB18030 file says how to convert it.
    @Test func aGB18030ArticleSaysHowToConvertIt() throws {
        let site = try Self.site()
        defer { TestSupport.remove(site) }
        let text = "---\ntitle: 国标编码\ndate: 2022-05-01\n---\n\n江苏省知识产权局。\n"
        let gb = try #require(text.data(using: String.Encoding(rawValue: 0x8000_0632)) ?? Self.gb18030(text))
        try gb.write(to: site.appendingPathComponent("Content/articles/2022/gb.md"))
        let result = try Self.build(site)
        #expect(result.status == 1)
        #expect(result.stderr.contains("Content/articles/2022/gb.md:2:8: error: the file is not valid UTF-8"), "\(result.stderr)")
        #expect(result.stderr.contains("GB18030") && result.stderr.contains("iconv"), "\(result.stderr)")
    }

    /// GB18030 bytes through iconv(1), where Foundation has no GB18030 encoder.
    static func gb18030(_ text: String) -> Data? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
        process.arguments = ["-f", "UTF-8", "-t", "GB18030"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        guard (try? process.run()) != nil else { return nil }
        input.fileHandleForWriting.write(Data(text.utf8))
        try? input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? data : nil
    }

    /// `dossier new article` says it made a draft, and the build says it left one out.
    @Test func draftsAreNeverLeftOutSilently() throws {
        let site = try Self.site()
        defer { TestSupport.remove(site) }
        let new = try TestSupport.dossier(["new", "article", "fresh-news", "--date", "2022-05-05"], in: site)
        #expect(new.status == 0, "stderr: \(new.stderr)")
        #expect(new.stdout.contains("draft"), "\(new.stdout)")
        let result = try Self.build(site)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("1 draft not built"), "\(result.stdout)")
        #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent("Public/articles/fresh-news").path))
        let withDrafts = try Self.build(site, ["--drafts"])
        #expect(!withDrafts.stdout.contains("not built"), "\(withDrafts.stdout)")
    }
}
