import Foundation
import Testing

/// The open data (SPEC, "Open data"): every fixture site's data files agree with its
/// pages, counted both ways; the JSON meets its schemas; the CSV is RFC 4180; the SQLite
/// database joins, passes its own checks, opens in Datasette and is the same bytes when
/// built again; every page's JSON-LD parses with the right types; every `cite.bib`
/// parses; and hostile strings stay inert in every format. The files are read by the
/// readers analysts use (Scripts/check-open-data.py: jsonschema, csv, sqlite3,
/// datasette, bibtexparser).
@Suite struct OpenDataTests {
    static let python = TestSupport.repository.appendingPathComponent(".dossier-tool/venv/bin/python")
    static let asOf = "2026-12-01"

    /// A fixture built into a temporary folder, its data read by the checker script.
    struct Built {
        var site: URL
        var output: URL
        var entities: [[String: Any]]
        var articles: [[String: Any]]
        var report: [String: Any]
        var baseURL: String

        func page(_ path: String) throws -> String { try TestSupport.read(output.appendingPathComponent(path)) }
        /// The path in the output of one of the site's absolute URLs.
        func path(of url: String) -> String {
            #expect(url.hasPrefix(baseURL), "\(url) is not under \(baseURL)")
            return String(url.dropFirst(baseURL.count))
        }
        var mentions: [[String]] { report["mentions_csv"] as? [[String]] ?? [] }
        var observations: [[String]] { report["observations_csv"] as? [[String]] ?? [] }
    }

    static func build(
        _ source: URL, base: String = "https://data.example.org/brief/", prepare: (URL) throws -> Void = { _ in }
    ) throws -> Built {
        #expect(
            FileManager.default.isExecutableFile(atPath: python.path),
            "no .dossier-tool/venv: `make test` installs jsonschema, datasette and bibtexparser there")
        let site = try TestSupport.copySite(source)
        try prepare(site)
        let output = site.appendingPathComponent("Public")
        let built = try TestSupport.dossier(
            ["build", "--no-search", "--as-of", asOf, "--base-url", base, "--output", output.path], in: site)
        #expect(built.status == 0, "\(built.stderr)")
        let checked = try TestSupport.run(
            python, [TestSupport.repository.appendingPathComponent("Scripts/check-open-data.py").path, output.path])
        #expect(
            checked.status == 0, "the data's readers found problems: \(checked.stdout.prefix(3000)) \(checked.stderr)")
        let report = try #require(JSONSerialization.jsonObject(with: Data(checked.stdout.utf8)) as? [String: Any])
        func array(_ file: String) throws -> [[String: Any]] {
            try #require(
                JSONSerialization.jsonObject(with: Data(contentsOf: output.appendingPathComponent(file)))
                    as? [[String: Any]])
        }
        return Built(
            site: site, output: output, entities: try array("data/entities.json"),
            articles: try array("data/articles.json"), report: report, baseURL: base)
    }

    static let sites: [(String, URL)] = [
        ("sample", TestSupport.repository), ("views", TestSupport.fixture("views")),
        ("ledger", TestSupport.fixture("ledger")), ("briefing-zh-hant", TestSupport.fixture("briefing-zh-hant")),
        ("briefing-en", TestSupport.fixture("briefing-en")),
    ]

    @Test(arguments: sites)
    func theDataAgreesWithThePages(name: String, source: URL) throws {
        let built = try Self.build(source)
        defer { TestSupport.remove(built.site) }
        let files = Set(TestSupport.files(in: built.output))

        // The same articles: one page each, and every article page is in the data.
        let slugs = built.articles.compactMap { $0["slug"] as? String }
        #expect(!slugs.isEmpty)
        let articlePages = Set(
            files.filter {
                $0.hasPrefix("articles/") && $0.hasSuffix("/index.html") && !$0.hasPrefix("articles/page/")
                    && $0.split(separator: "/").count == 3
            })
        #expect(articlePages == Set(slugs.map { "articles/\($0)/index.html" }))
        for article in built.articles {
            #expect(files.contains(built.path(of: article["url"] as! String) + "index.html"))
            #expect(files.contains("articles/\(article["slug"]!)/cite.bib"))
        }

        // The same entities: one page each (its first), kind by kind.
        let refs = built.entities.compactMap { $0["entity"] as? String }
        #expect(Set(refs).count == refs.count && !refs.isEmpty)
        let kinds = Set(built.entities.compactMap { $0["kind"] as? String })
        let entityPages = Set(
            files.filter { file in
                let parts = file.split(separator: "/")
                return parts.count == 3 && parts[2] == "index.html" && kinds.contains(String(parts[0]))
                    && parts[1] != "page"
            })
        let urls = Dictionary(
            uniqueKeysWithValues: built.entities.map { ($0["entity"] as! String, $0["url"] as! String) })
        #expect(entityPages == Set(urls.values.map { built.path(of: $0) + "index.html" }))

        // Mentions, both ways: an entity's count is the number of articles that list it;
        // each article lists exactly the entities its text names (mentions.csv) and the
        // figures it reports values of (observations.csv); its page links to each.
        var listedBy: [String: Int] = [:]
        for article in built.articles {
            for ref in article["entities"] as! [String] { listedBy[ref, default: 0] += 1 }
        }
        for entity in built.entities {
            #expect(entity["mentions"] as? Int == listedBy[entity["entity"] as! String] ?? 0, "\(entity["entity"]!)")
        }
        var named: [String: Set<String>] = [:]
        for row in built.mentions { named[row[0], default: []].insert(row[2]) }
        var reported: [String: Set<String>] = [:]
        for row in built.observations { reported[row[4], default: []].insert(row[0]) }
        for article in built.articles {
            let slug = article["slug"] as! String
            let entities = article["entities"] as! [String]
            #expect(Set(entities) == named[slug, default: []].union(reported[slug, default: []]), "\(slug)")
            let html = try built.page("articles/\(slug)/index.html")
            let sidebar = String(html[html.range(of: "<aside class=\"sidebar\">")!.lowerBound...])
            let linked = Set(
                HTMLLinks.references(in: sidebar)
                    .filter { !$0.hasPrefix("../../articles/") && $0.hasPrefix("../../") }
                    .map { String($0.dropFirst(6)) })
            #expect(Set(entities.map { built.path(of: urls[$0]!) }).isSubset(of: linked), "\(slug)")
            // The rows of mentions.csv carry the article's date as articles.json has it.
            for row in built.mentions where row[0] == slug { #expect(row[1] == article["date"] as? String) }
        }
        // Each mention's sentence is quoted on one of the entity's pages.
        var quoted: [String: String] = [:]
        for row in built.mentions {
            let folder = built.path(of: urls[row[2]]!)
            if quoted[folder] == nil {
                quoted[folder] = try files.filter { $0.hasPrefix(folder) && $0.hasSuffix("index.html") }
                    .map { Self.text(try built.page($0)) }.joined(separator: "\n")
            }
            #expect(quoted[folder]!.contains(row[3]), "\(row[2]) does not quote «\(row[3])»")
        }
        // Observations: the figure's data and its page list the same values.
        var perFigure: [String: Int] = [:]
        for row in built.observations { perFigure[row[0], default: 0] += 1 }
        for entity in built.entities where entity["kind"] as? String == "figures" {
            let ref = entity["entity"] as! String
            let values = entity["observations"] as! [[String: Any]]
            #expect(values.count == perFigure[ref] ?? 0, "\(ref)")
            let page = try built.page(built.path(of: urls[ref]!) + "index.html")
            let table = page.components(separatedBy: "<table class=\"observations\">").dropFirst().first ?? ""
            let rows = table.components(separatedBy: "</table>")[0].components(separatedBy: "<tr>").count - 2
            #expect(max(rows, 0) == values.count, "\(ref): \(rows) rows on its page")
            #expect(entity["status"] is String && entity["as_of"] as? String == Self.asOf)
        }

        // The database holds the same rows, and Datasette sees the four tables.
        let counts = try #require(built.report["sql_counts"] as? [String: Int])
        let expected = [
            "entities": built.entities.count, "articles": built.articles.count, "mentions": built.mentions.count,
            "observations": built.observations.count,
        ]
        #expect(counts == expected)
        #expect(built.report["datasette"] as? [String: Int] == expected)
        #expect(built.report["journal_mode"] as? String == "delete" && built.report["page_size"] as? Int == 16384)
        #expect(built.report["tables"] as? [String] == ["articles", "entities", "mentions", "observations"])
        let joined = try #require(built.report["sql_join"] as? [[Any]])
        #expect(joined.count == Set(built.mentions.map { $0[0] + " " + $0[2] }).count)
        #expect((built.report["sql_observations"] as? [[Any]])?.count == built.observations.count)

        // The same input gives the same bytes, the database included.
        let again = built.site.appendingPathComponent("Again")
        let rebuilt = try TestSupport.dossier(
            [
                "build", "--no-search", "--clean", "--as-of", Self.asOf, "--base-url", built.baseURL, "--output",
                again.path,
            ], in: built.site)
        #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
        for file in files where file.hasPrefix("data/") || file.hasSuffix("cite.bib") {
            let first = try Data(contentsOf: built.output.appendingPathComponent(file))
            let second = try Data(contentsOf: again.appendingPathComponent(file))
            #expect(first == second, "\(file) differs between two builds")
        }
        // The data page lists each file with its rows.
        let dataPage = try built.page("data/index.html")
        for file in ["entities.json", "articles.json", "mentions.csv", "observations.csv", "dossier.sqlite"] {
            #expect(dataPage.contains("href=\"../data/\(file)\""), "data/index.html does not link \(file)")
        }
        #expect(try built.page("index.html").contains("href=\"data/\""), "the footer links the data page")
    }

    /// Every page's JSON-LD parses; its `@id` is the page's canonical URL; articles are
    /// `NewsArticle`s that mention the entities' `@id`s; institutions are
    /// `GovernmentOrganization`s, other entities `Thing`s with `additionalType`.
    @Test(arguments: sites)
    func everyPageCarriesJSONLD(name: String, source: URL) throws {
        let built = try Self.build(source)
        defer { TestSupport.remove(built.site) }
        let byURL = Dictionary(uniqueKeysWithValues: built.entities.map { ($0["url"] as! String, $0) })
        let articles = Dictionary(uniqueKeysWithValues: built.articles.map { ($0["url"] as! String, $0) })
        var typed: [String: Int] = [:]
        for file in TestSupport.files(in: built.output) where file.hasSuffix(".html") {
            let html = try built.page(file)
            if html.contains("http-equiv=\"refresh\"") { continue }  // redirect_from's pages
            let scripts = MarkupScanner.jsonLD(in: html)
            try #require(scripts.count == 1, "\(file) has \(scripts.count) JSON-LD scripts")
            let ld = try #require(
                JSONSerialization.jsonObject(with: Data(scripts[0].utf8)) as? [String: Any], "\(file)")
            #expect(ld["@context"] as? String == "https://schema.org")
            let canonical = try #require(
                html.firstMatch(of: /<link rel="canonical" href="([^"]+)">/).map { String($0.1) })
            let type = try #require(ld["@type"] as? String)
            typed[type, default: 0] += 1
            if let article = articles[canonical] {
                #expect(type == "NewsArticle" && ld["@id"] as? String == canonical)
                #expect(ld["headline"] as? String == article["title"] as? String)
                #expect(ld["datePublished"] as? String == article["date"] as? String)
                let mentioned = (ld["mentions"] as? [[String: Any]] ?? []).compactMap { $0["@id"] as? String }
                let expected = (article["entities"] as! [String]).map { ref in
                    built.entities.first { $0["entity"] as? String == ref }!["url"] as! String
                }
                #expect(mentioned == expected, "\(file)")
                #expect(Set(mentioned).isSubset(of: Set(byURL.keys)))
            } else if let entity = byURL[ld["@id"] as? String ?? ""], canonical.hasPrefix(entity["url"] as! String) {
                #expect(ld["name"] as? String == entity["name"] as? String)
                if entity["kind"] as? String == "institutions" {
                    #expect(type == "GovernmentOrganization")
                } else {
                    #expect(type == "Thing" && ld["additionalType"] is String)
                }
                let names = entity["names"] as? [String: String] ?? [:]
                let alternates = (ld["alternateName"] as? [Any] ?? []).compactMap { $0 as? [String: String] }
                for (language, local) in names {
                    #expect(alternates.contains { $0["@value"] == local && $0["@language"] == language }, "\(file)")
                }
                #expect((ld["mainEntityOfPage"] as? [String: Any])?["@id"] as? String == canonical)
            } else if file == "index.html" {
                #expect(type == "WebSite" && ld["@id"] as? String == built.baseURL)
            } else {
                #expect(["WebPage", "CollectionPage"].contains(type), "\(file): \(type)")
                #expect(ld["@id"] as? String == canonical && ld["name"] is String)
                #expect((ld["isPartOf"] as? [String: Any])?["@id"] as? String == built.baseURL)
            }
        }
        #expect(typed["NewsArticle"] == built.articles.count)
        #expect((typed["Thing"] ?? 0) + (typed["GovernmentOrganization"] ?? 0) >= built.entities.count)
    }

    /// Highwire tags and `cite.bib` say what articles.json says of each article.
    @Test(arguments: sites)
    func everyArticleCanBeCited(name: String, source: URL) throws {
        let built = try Self.build(source)
        defer { TestSupport.remove(built.site) }
        let bib = try #require(built.report["bib"] as? [String: [String: String]])
        #expect(bib.count == built.articles.count)
        for article in built.articles {
            let slug = article["slug"] as! String
            let entry = try #require(bib[slug])
            #expect(entry["key"] == slug)
            #expect(Self.bibText(entry["title"] ?? "") == article["title"] as? String)
            #expect(entry["type"] == (article["source"] is String ? "article" : "misc"))
            if let source = article["source"] as? String { #expect(Self.bibText(entry["journal"] ?? "") == source) }
            if let author = article["author"] as? String { #expect(Self.bibText(entry["author"] ?? "") == author) }
            #expect(entry["year"] == String((article["date"] as! String).prefix(4)))
            let html = try built.page("articles/\(slug)/index.html")
            let head = String(html[..<html.range(of: "</head>")!.lowerBound])
            var tags: [String: [String]] = [:]
            for tag in MarkupScanner.tags(in: head) where tag.name == "meta" {
                if let name = tag.attribute("name"), name.hasPrefix("citation_") {
                    tags[name, default: []].append(MarkupScanner.decodeEntities(tag.attribute("content") ?? ""))
                }
            }
            #expect(tags["citation_title"] == [article["title"] as! String])
            let date = (article["date"] as! String).prefix(10).replacingOccurrences(of: "-", with: "/")
            #expect(tags["citation_publication_date"] == [date])
            #expect(tags["citation_public_url"] == [article["url"] as! String])
            if let author = article["author"] as? String { #expect(tags["citation_author"] == [author]) }
            if let source = article["source"] as? String { #expect(tags["citation_journal_title"] == [source]) }
            #expect(html.contains("<section class=\"cite\""))
            #expect(html.contains("href=\"cite.bib\""))
        }
    }

    /// The articles and mentions come from the cache beside the build store
    /// (`.dossier-cache/data.sqlite`), but the database does not depend on it: a cache made
    /// for another base URL, damaged, cut short or gone gives the same bytes as the first
    /// build, and so does one the build cannot use. The tables keep their keys and indexes on
    /// the join columns, and SQLite finds nothing wrong with the file. A change the data does
    /// not show leaves its files untouched.
    @Test func theDatabaseDoesNotDependOnItsCache() throws {
        let built = try Self.build(TestSupport.fixture("views"))
        defer { TestSupport.remove(built.site) }
        #expect(
            built.report["indexes"] as? [String] == [
                "articles_date", "entities_kind", "mentions_entity", "observations_article", "observations_figure",
            ])
        let database = "data/dossier.sqlite"
        let first = try Data(contentsOf: built.output.appendingPathComponent(database))
        let cache = built.site.appendingPathComponent(".dossier-cache/data.sqlite")
        #expect(FileManager.default.fileExists(atPath: cache.path))
        func buildAgain(_ name: String, base: String? = nil) throws -> Data {
            let output = built.site.appendingPathComponent(name)
            let result = try TestSupport.dossier(
                [
                    "build", "--no-search", "--as-of", Self.asOf, "--base-url", base ?? built.baseURL, "--output",
                    output.path,
                ],
                in: built.site)
            #expect(result.status == 0, "\(name): \(result.stderr)")
            return try Data(contentsOf: output.appendingPathComponent(database))
        }
        #expect(try buildAgain("Kept") == first)
        #expect(try buildAgain("Elsewhere", base: "https://other.example.org/") != first)
        #expect(try buildAgain("Back") == first, "after a cache made for another base URL")
        try Data("not a database".utf8).write(to: cache)
        #expect(try buildAgain("Damaged") == first, "after a damaged cache")
        let whole = try Data(contentsOf: cache)
        try whole.prefix(whole.count / 2).write(to: cache)
        #expect(try buildAgain("Halved") == first, "after a cache cut in half")
        try FileManager.default.removeItem(at: cache)
        #expect(try buildAgain("Gone") == first, "after the cache was deleted")
        // One this build cannot use: it makes its own.
        try FileManager.default.removeItem(at: cache)
        try FileManager.default.createDirectory(at: cache, withIntermediateDirectories: false)
        #expect(try buildAgain("Unusable") == first, "with a folder where the cache goes")
        try FileManager.default.removeItem(at: cache)

        // An edit the data does not show (an entity's description) leaves its files as they
        // are: compared with what the build made, not rewritten.
        let files = ["data/dossier.sqlite", "data/mentions.csv", "data/articles.json", "data/entities.json"]
        func identities() throws -> [String] {
            try files.map { file in
                let attributes = try FileManager.default.attributesOfItem(
                    atPath: built.output.appendingPathComponent(file).path)
                return
                    "\(attributes[.systemFileNumber]!) \((attributes[.modificationDate] as! Date).timeIntervalSince1970)"
            }
        }
        let before = try identities()
        let council = built.site.appendingPathComponent("Content/institutions/city-council.md")
        try Data(try TestSupport.read(council).replacingOccurrences(of: "Puts panels", with: "Put panels").utf8)
            .write(to: council)
        let edited = try TestSupport.dossier(
            ["build", "--no-search", "--as-of", Self.asOf, "--base-url", built.baseURL, "--output", built.output.path],
            in: built.site)
        #expect(edited.status == 0, "\(edited.stderr)")
        #expect(try identities() == before, "the data files were rewritten with the same bytes")
    }

    /// After a change, `mentions.csv` is copied from the last one in runs of unchanged articles
    /// (`MentionsSplice`), but only from the very file the data cache's rows were laid out in: a
    /// file edited since (its bytes the same length, its time set back) or the file of another
    /// output folder is not copied from. Each time the file has the bytes of a clean build.
    @Test func theMentionsFileIsCopiedOnlyFromTheFileItWasLaidOutIn() throws {
        let built = try Self.build(TestSupport.fixture("views"))
        defer { TestSupport.remove(built.site) }
        let file = "data/mentions.csv"
        let cache = built.site.appendingPathComponent(".dossier-cache/data.sqlite")
        func build(into output: URL, in site: URL) throws {
            let result = try TestSupport.dossier(
                ["build", "--no-search", "--as-of", Self.asOf, "--base-url", built.baseURL, "--output", output.path],
                in: site)
            #expect(result.status == 0, "\(result.stderr)")
        }
        /// The file a build of the same content with no cache and no earlier output makes.
        func clean() throws -> Data {
            let copy = try TestSupport.copySite(built.site)
            defer { TestSupport.remove(copy) }
            try build(into: copy.appendingPathComponent("Public"), in: copy)
            return try Data(contentsOf: copy.appendingPathComponent("Public").appendingPathComponent(file))
        }
        /// The file the cache says its rows were laid out in, and the file in an output folder.
        func recorded() throws -> String {
            let query = try TestSupport.run(
                Self.python,
                [
                    "-c",
                    "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT value FROM meta WHERE name = 'csv'\").fetchone()[0])",
                    cache.path,
                ])
            #expect(query.status == 0, "\(query.stderr)")
            return query.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        func identity(_ output: URL) -> String {
            var info = stat()
            #expect(stat(output.appendingPathComponent(file).path, &info) == 0)
            return [
                UInt64(info.st_dev), UInt64(info.st_ino), UInt64(info.st_size), UInt64(info.st_mtim.tv_sec),
                UInt64(info.st_mtim.tv_nsec), UInt64(info.st_ctim.tv_sec), UInt64(info.st_ctim.tv_nsec),
            ].map(String.init).joined(separator: " ")
        }
        var edits = 0
        func editAnArticle() throws {
            edits += 1
            let article = built.site.appendingPathComponent("Content/articles/schools-join.md")
            try Data(
                (try TestSupport.read(article)
                    + "\nThe [City Council](institution:city-council) said, \"again\", it would (\(edits)).\n").utf8
            ).write(to: article)
        }
        let mentions = built.output.appendingPathComponent(file)

        // Copied: the file in place is the one the cache's rows were laid out in.
        #expect(try recorded() == identity(built.output))
        try editAnArticle()
        try build(into: built.output, in: built.site)
        #expect(try Data(contentsOf: mentions) == clean(), "after an article was edited")
        #expect(try recorded() == identity(built.output))

        // Not copied: the file was edited in place, the same length, its time set back.
        let time = try FileManager.default.attributesOfItem(atPath: mentions.path)[.modificationDate] as! Date
        let text = try TestSupport.read(mentions)
        try Data(text.replacingOccurrences(of: "city-council", with: "city-kouncil").utf8).write(to: mentions)
        try FileManager.default.setAttributes([.modificationDate: time], ofItemAtPath: mentions.path)
        try editAnArticle()
        try build(into: built.output, in: built.site)
        #expect(try Data(contentsOf: mentions) == clean(), "after the file was edited in place")

        // Not copied: the cache's rows were laid out last in another output folder's file.
        let other = built.site.appendingPathComponent("Other")
        try editAnArticle()
        try build(into: other, in: built.site)
        #expect(try recorded() == identity(other))
        try editAnArticle()
        try build(into: built.output, in: built.site)
        #expect(try Data(contentsOf: mentions) == clean(), "after a build into another folder")
        #expect(try recorded() == identity(built.output))
    }

    /// The payload site's hostile names, titles and summaries: in the data exactly as written
    /// (JSON, CSV, SQLite, BibTeX), and inert in the JSON-LD (no `<` at all in it).
    @Test func hostileStringsStayInert() throws {
        // Its `source_url: javascript:…` is refused (SafetyTests): one that is an https URL carries a payload too.
        let built = try Self.build(SafetyTests.payloads) { site in
            let url = site.appendingPathComponent(SafetyTests.article)
            let text = try TestSupport.read(url)
            try TestSupport.write(
                text.replacingOccurrences(
                    of: "source_url: \"javascript:alert(1)\"",
                    with: "source_url: \"https://example.org/\\\"><script>alert(1)</script>{}%\""), to: url)
        }
        defer { TestSupport.remove(built.site) }
        let bureau = try #require(built.entities.first { $0["id"] as? String == "evil-bureau" })
        #expect(bureau["name"] as? String == "<script>alert(1)</script>机构名称")
        #expect(
            bureau["aliases"] as? [String] == ["\"><img src=x onerror=alert(1)>机构别名", "'><svg onload=alert(1)>"])
        let sql = try #require(built.report["sql_entities"] as? [String: [String: Any]])
        #expect(sql["institution:evil-bureau"]?["name"] as? String == "<script>alert(1)</script>机构名称")
        let article = try #require(built.articles.first { $0["slug"] as? String == "evil-article" })
        #expect(article["title"] as? String == "<script>alert(1)</script>文章标题")
        let bib = try #require((built.report["bib"] as? [String: [String: String]])?["evil-article"])
        #expect(Self.bibText(bib["title"] ?? "") == "<script>alert(1)</script>文章标题")
        #expect(Self.bibText(bib["author"] ?? "") == "\"><img src=x onerror=alert(1)>文章作者")
        #expect(built.mentions.contains { $0[2] == "institution:evil-bureau" })
        for file in TestSupport.files(in: built.output) where file.hasSuffix(".html") {
            for script in MarkupScanner.jsonLD(in: try built.page(file)) {
                #expect(!script.contains("<") && !script.contains(">"), "\(file)")
            }
        }
        let ld = MarkupScanner.jsonLD(in: try built.page("institutions/evil-bureau/index.html"))
        let parsed = try #require(JSONSerialization.jsonObject(with: Data(ld[0].utf8)) as? [String: Any])
        #expect(parsed["name"] as? String == "<script>alert(1)</script>机构名称")
    }

    /// `names: { en: … }`: shown under the name and on the kind's index, in the data, and
    /// autolinked like an alias, Latin names only at word boundaries.
    @Test func namesInOtherLanguagesAreShownAndLinked() throws {
        let site = try TestSupport.copySite(TestSupport.fixture("briefing-zh-hant"))
        defer { TestSupport.remove(site) }
        try TestSupport.write(
            """
            ---
            title: 英文報導摘錄
            date: 2023-12-01
            ---

            外電寫道：the Energy Administration's plan moves ahead.

            另一則提到 Offshore Wind Zonal Developments 一詞，並非該計畫。

            """, to: site.appendingPathComponent("Content/articles/2023/english-names.md"))
        let built = try TestSupport.dossier(["build", "--no-search", "--as-of", Self.asOf], in: site)
        #expect(built.status == 0, "\(built.stderr)")
        let output = site.appendingPathComponent("Public")
        let page = try TestSupport.read(output.appendingPathComponent("articles/english-names/index.html"))
        #expect(page.contains("the <a class=\"mention"), "the English name is linked")
        #expect(
            page.contains(">Energy Administration</a>&#39;s plan") || page.contains(">Energy Administration</a>'s plan")
        )
        #expect(!page.contains(">Offshore Wind Zonal Development</a>"), "no link inside a longer word")
        let entity = try TestSupport.read(
            output.appendingPathComponent("institutions/energy-administration/index.html"))
        #expect(entity.contains("<p class=\"other-name\" lang=\"en\">Energy Administration</p>"))
        #expect(entity.contains("<p class=\"other-name\" lang=\"ja\">経済部エネルギー署</p>"))
        let index = try TestSupport.read(output.appendingPathComponent("institutions/index.html"))
        #expect(index.contains("<div class=\"other-name\" lang=\"en\">Energy Administration</div>"))
        let data = try #require(
            JSONSerialization.jsonObject(with: Data(contentsOf: output.appendingPathComponent("data/entities.json")))
                as? [[String: Any]])
        let names = data.first { $0["id"] as? String == "energy-administration" }?["names"] as? [String: String]
        #expect(names == ["en": "Energy Administration", "ja": "経済部エネルギー署"])
        // A tag that is not BCP 47, or a name given twice, is an error at its place.
        let file = site.appendingPathComponent("Content/initiatives/offshore-wind-zones.md")
        let text = try TestSupport.read(file)
        try TestSupport.write(
            text.replacingOccurrences(
                of: "names: { en: Offshore Wind Zonal Development }", with: "names: { en_GB: Offshore Wind Zones }"),
            to: file)
        let refused = try TestSupport.dossier(["build", "--no-search", "--as-of", Self.asOf], in: site)
        #expect(refused.status == 1)
        #expect(
            refused.stderr.contains(
                "Content/initiatives/offshore-wind-zones.md:3:10: error: 'en_GB' is not a BCP 47 language tag"),
            "\(refused.stderr)")
    }

    /// The whole visible text of a page: tags dropped, character references decoded.
    static func text(_ html: String) -> String {
        MarkupScanner.decodeEntities(html.replacing(/<[^>]*>/, with: ""))
    }

    /// A BibTeX field's text as it reads: outer braces dropped, LaTeX's escapes undone.
    static func bibText(_ value: String) -> String {
        var text = value
        while text.hasPrefix("{") && text.hasSuffix("}") { text = String(text.dropFirst().dropLast()) }
        for (escaped, plain) in [
            ("\\textbackslash{}", "\\"), ("\\textasciitilde{}", "~"), ("\\textasciicircum{}", "^"),
            ("\\textbraceleft{}", "{"),
            ("\\textbraceright{}", "}"), ("\\%", "%"), ("\\&", "&"), ("\\$", "$"), ("\\#", "#"), ("\\_", "_"),
        ] {
            text = text.replacingOccurrences(of: escaped, with: plain)
        }
        return text
    }
}
