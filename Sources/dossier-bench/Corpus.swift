import DossierKit
import Foundation

/// A synthetic briefing archive, the same content written as a Dossier site and as
/// the Hugo site of `shared/bench/hugo` (whose configuration and layouts are used unchanged).
struct Corpus {
    struct Entity {
        var kind: String  // folder
        var singular: String
        var id: String
        var name: String
        var parent: Int?
    }

    struct Article {
        var slug: String
        var title: String
        var date: String
        var body: String
        /// The same body with annotations as links to Hugo's term pages.
        var hugoBody: String
        /// Indexes into `entities`, each once, in order of first mention.
        var mentions: [Int]
    }

    var entities: [Entity] = []
    var articles: [Article] = []

    static let words = Array(
        "知识产权 专利 商标 版权 保护 运用 服务 创新 发展 规划 计划 工程 项目 国家 江苏 南京 苏州 无锡 常州 南通 扬州 镇江 徐州 长三角 一体化 示范 高质量 产业 科技 人才 培养 合作 开放 国际 标准 数字 绿色 低碳 能源 制造 金融 数据 平台 园区 企业 高校 市场 监管 改革 试点 行动 专项 质量 品牌 转化 导航 评价 体系 机制 基地 中心 联盟 协会 研究院"
            .split(separator: " ").map(String.init))
    static let fillers = Array(
        "会议指出，要坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，加快构建新发展格局。各地各部门要进一步提高站位，强化责任担当，推动各项任务落地见效。据介绍，今年以来全省上下围绕中心、服务大局，在重点领域和关键环节持续发力，取得了积极进展。下一步，将加强统筹协调，完善政策体系，优化服务供给，营造良好环境。与此同时，还要注重总结经验，及时推广典型做法，形成可复制可推广的制度成果。专家认为，这些举措有利于激发市场主体活力，增强发展内生动力，为高质量发展提供有力支撑。"
            .split(separator: "。").map { $0 + "。" })

    /// The words each article's running text holds, when written from a vocabulary
    /// (for the search latency measurement: which terms are common and which rare).
    var articleWords: [Set<String>] = []

    /// N articles over N/30 initiatives, N/50 institutions and N/100 figures, with
    /// mentions drawn by a Zipf-like popularity; the same for the same seed. With a
    /// vocabulary, the running text is sentences of real words drawn by their
    /// frequency instead of the few stock sentences (whose small alphabet puts every
    /// character in every page).
    init(articles count: Int, seed: UInt64, vocabulary: Vocabulary? = nil) {
        var random = SplitMix64(seed: seed)
        var usedNames: Set<String> = []
        func name(suffix: String) -> String {
            while true {
                let parts = (0..<Int.random(in: 2...3, using: &random)).map { _ in
                    Self.words.randomElement(using: &random)!
                }
                let candidate = parts.joined() + suffix
                if usedNames.insert(candidate).inserted { return candidate }
            }
        }
        let kinds: [(folder: String, singular: String, count: Int, suffixes: [String])] = [
            ("initiatives", "initiative", max(count / 30, 3), ["工程", "计划", "行动", "专项", "规划"]),
            ("institutions", "institution", max(count / 50, 3), ["局", "厅", "委员会", "中心", "协会"]),
            ("figures", "figure", max(count / 100, 2), ["总量", "指数", "数量", "占比"]),
        ]
        for kind in kinds {
            let first = entities.count
            for index in 0..<kind.count {
                // About a third have a parent among the earlier entities of their kind.
                let parent =
                    index > 0 && Int.random(in: 0..<3, using: &random) == 0
                    ? first + Int.random(in: 0..<index, using: &random) : nil
                entities.append(
                    Entity(
                        kind: kind.folder, singular: kind.singular, id: String(format: "%@-%05d", kind.singular, index),
                        name: name(suffix: kind.suffixes.randomElement(using: &random)!), parent: parent))
            }
        }
        // Zipf-like popularity: the k-th entity is drawn with weight 1/(k+1).
        let weights = entities.indices.map { 1.0 / Double($0 % 997 + 1) }
        var cumulative: [Double] = []
        var total = 0.0
        for weight in weights {
            total += weight
            cumulative.append(total)
        }
        func drawEntity() -> Int {
            let target = Double.random(in: 0..<total, using: &random)
            var low = 0
            var high = cumulative.count - 1
            while low < high {
                let mid = (low + high) / 2
                if cumulative[mid] < target { low = mid + 1 } else { high = mid }
            }
            return low
        }
        let start = DateValueDays(year: 2015, month: 1, day: 1)
        let dates = (0..<3651).map { start.adding(days: $0).iso }
        for index in 0..<count {
            let date = dates[index * 3650 / max(count, 1)]
            var mentions: [Int] = []
            var words: Set<String> = []
            var paragraphs: [String] = []
            var hugoParagraphs: [String] = []
            let mentionCount = Int.random(in: 20...40, using: &random)
            let paragraphCount = Int.random(in: 6...12, using: &random)
            var remaining = mentionCount
            for p in 0..<paragraphCount {
                var text = ""
                var hugoText = ""
                var length = 0
                let here =
                    p == paragraphCount - 1
                    ? remaining : min(remaining, mentionCount / paragraphCount + Int.random(in: 0...2, using: &random))
                remaining -= here
                // About 3,000 characters in all: fillers and annotated mentions.
                var sentences = 0
                var mentioned = 0
                while length < 3000 / paragraphCount || mentioned < here {
                    if mentioned < here {
                        let entity = drawEntity()
                        if !mentions.contains(entity) { mentions.append(entity) }
                        let e = entities[entity]
                        text += "据悉，[\(e.name)](\(e.singular):\(e.id))相关工作稳步推进，"
                        hugoText += "据悉，[\(e.name)](/\(e.kind)/\(e.name.lowercased())/)相关工作稳步推进，"
                        length += e.name.count + 10
                        mentioned += 1
                    }
                    let filler: String
                    if let vocabulary {
                        let drawn = vocabulary.sentence(using: &random)
                        words.formUnion(drawn)
                        filler = drawn.joined() + "。"
                    } else {
                        filler = String(Self.fillers.randomElement(using: &random)!)
                    }
                    text += filler
                    hugoText += filler
                    length += filler.count
                    sentences += 1
                }
                paragraphs.append(text)
                hugoParagraphs.append(hugoText)
                if Int.random(in: 0..<8, using: &random) == 0 {
                    let table =
                        "| 指标 | 2022年 | 2023年 |\n| --- | ---: | ---: |\n| 数量 | \(Int.random(in: 10...999, using: &random)) | \(Int.random(in: 10...999, using: &random)) |\n| 增长 | \(Int.random(in: 1...30, using: &random))% | \(Int.random(in: 1...30, using: &random))% |"
                    paragraphs.append(table)
                    hugoParagraphs.append(table)
                }
            }
            let title = "\(entities[mentions[0]].name)推进会召开 第\(index + 1)期简报"
            articles.append(
                Article(
                    slug: String(format: "article-%06d", index), title: title, date: date,
                    body: paragraphs.joined(separator: "\n\n"), hugoBody: hugoParagraphs.joined(separator: "\n\n"),
                    mentions: mentions))
            if vocabulary != nil { articleWords.append(words) }
        }
    }

    /// Search terms spread over how common they are: words of two to four characters,
    /// from those in nearly every article to those in one, `count` in all.
    func searchTerms(count: Int) -> [String] {
        var documents: [String: Int] = [:]
        for words in articleWords {
            for word in words where (2...4).contains(word.count) { documents[word, default: 0] += 1 }
        }
        let ranked = documents.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
        guard ranked.count > count else { return ranked }
        // Geometric steps through the ranks: the common end is where the search page used to stall.
        var terms: [String] = []
        let last = Double(ranked.count - 1)
        for step in 0..<count {
            let rank = Int((pow(last + 1, Double(step) / Double(count - 1)) - 1).rounded())
            let word = ranked[min(rank, ranked.count - 1)]
            if !terms.contains(word) {
                terms.append(word)
            } else if let next = ranked.first(where: { !terms.contains($0) }) {
                terms.append(next)
            }
        }
        return terms
    }

    /// Writes `Content/` for Dossier under `folder/dossier` and the Hugo site under `folder/hugo`.
    func write(to folder: String, hugoTemplate: String) throws {
        let manager = FileManager.default
        let dossier = folder + "/dossier/Content"
        let hugo = folder + "/hugo"
        // The whole site goes: a template or cache left by an earlier run would change what is measured.
        for path in [folder + "/dossier", hugo] where manager.fileExists(atPath: path) {
            try manager.removeItem(atPath: path)
        }
        try manager.createDirectory(atPath: dossier + "/articles", withIntermediateDirectories: true)
        func write(_ text: String, _ path: String) throws {
            try manager.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        }
        try write(
            "title: 合成政策简报\nbase_url: https://example.org/\nlanguage: zh-CN\ntimezone: Asia/Shanghai\nautolink: none\n",
            dossier + "/site.yml")
        for entity in entities {
            var text = "---\nname: \(entity.name)\n"
            if let parent = entity.parent { text += "parent: \(entities[parent].singular):\(entities[parent].id)\n" }
            text += "---\n\n\(entity.name)的简介。\n"
            try write(text, "\(dossier)/\(entity.kind)/\(entity.id).md")
        }
        for article in articles {
            try write(
                "---\ntitle: \(article.title)\ndate: \(article.date)\n---\n\n\(article.body)\n",
                "\(dossier)/articles/\(article.date.prefix(4))/\(article.slug).md")
        }
        // Hugo: the shared configuration and layouts, unchanged; TOML front matter with the taxonomies.
        try manager.copyItem(atPath: hugoTemplate, toPath: hugo)
        for article in articles {
            var front = "+++\ntitle = \"\(article.title)\"\ndate = \(article.date)\n"
            for kind in ["initiatives", "institutions", "figures"] {
                let names = article.mentions.filter { entities[$0].kind == kind }.map { "\"\(entities[$0].name)\"" }
                front += "\(kind) = [\(names.joined(separator: ", "))]\n"
            }
            front += "+++\n\n"
            try write(front + article.hugoBody + "\n", "\(hugo)/content/articles/\(article.slug).md")
        }
    }
}

/// Real Chinese words with their frequencies, from the dictionary PyPI's `jieba`
/// ships (`dict.txt`: a word, its count and its part of speech on each line).
struct Vocabulary {
    var words: [String] = []
    private var cumulative: [Double] = []

    /// The `limit` most frequent words made only of CJK ideographs.
    init(jiebaDictionary path: String, limit: Int = 30_000) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var entries: [(String, Double)] = []
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 2, let count = Double(fields[1]),
                fields[0].unicodeScalars.allSatisfy({ (0x4E00...0x9FFF).contains($0.value) })
            else { continue }
            entries.append((String(fields[0]), count))
        }
        entries.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        var total = 0.0
        for (word, count) in entries.prefix(limit) {
            words.append(word)
            total += count
            cumulative.append(total)
        }
        guard !words.isEmpty else { throw BenchError("no words in \(path)") }
    }

    /// Six to eighteen words drawn by frequency.
    func sentence(using random: inout SplitMix64) -> [String] {
        (0..<Int.random(in: 6...18, using: &random)).map { _ in
            let target = Double.random(in: 0..<cumulative.last!, using: &random)
            var low = 0
            var high = cumulative.count - 1
            while low < high {
                let mid = (low + high) / 2
                if cumulative[mid] <= target { low = mid + 1 } else { high = mid }
            }
            return words[low]
        }
    }
}

/// Civil dates for the generator, without time zones.
struct DateValueDays {
    var year: Int
    var month: Int
    var day: Int

    func adding(days: Int) -> DateValueDays {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let date = calendar.date(from: DateComponents(year: year, month: month, day: day))!
        let moved = calendar.dateComponents(
            [.year, .month, .day], from: calendar.date(byAdding: .day, value: days, to: date)!)
        return DateValueDays(year: moved.year!, month: moved.month!, day: moved.day!)
    }

    var iso: String { String(format: "%04d-%02d-%02d", year, month, day) }
}
