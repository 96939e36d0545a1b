import DossierLink
import DossierTemplate
import DossierValidate

/// The theme's UI strings, in the site's language (Chinese for `zh*`, else English).
///
/// Each language keeps its own punctuation and spacing, so templates never write
/// punctuation of their own between a label and its value: Latin text takes Latin
/// punctuation and spaces (`Also called: Ofgem`), Chinese full-width punctuation
/// and no spaces (`又称：省知识产权局`). A word glued to a full-width colon is one
/// word to a search engine, so this matters beyond looks. `*_prefix` strings end
/// with whatever separates them from the value that follows.
package enum UIStrings {
    package static func table(for language: String) -> [String: String] {
        language.lowercased().hasPrefix("zh") ? chinese : english
    }

    package static let english: [String: String] = [
        "home": "Home", "articles": "Articles", "all_articles": "All articles", "latest": "Latest articles",
        "mentions": "Mentioned in this article", "related_articles": "Related articles", "previous": "Previous",
        "next": "Next", "older": "Older", "newer": "Newer", "page": "Page", "mentioned_in": "Mentioned in",
        "articles_count": "articles", "mentioned_with": "Often mentioned with", "relations": "Relations",
        "parent": "Part of", "children": "Includes", "related": "Related", "responsible": "Carried out by",
        "responsible_for": "Responsible for", "superseded_by": "Superseded by", "supersedes": "Supersedes",
        "status": "Status", "start": "Start", "end": "End", "period": "Period", "aliases": "Also called",
        "target": "Target", "baseline": "Baseline", "deadline": "Deadline", "metric": "Metric", "unit": "Unit",
        "observations": "Reported values", "date": "Date", "value": "Value", "reported_in": "Reported in",
        "no_observations": "No values have been reported yet.", "by": "By", "source": "Source",
        "updated": "Updated", "feed": "Atom feed", "figures_glance": "Target figures at a glance",
        "not_found": "Page not found", "not_found_text": "There is nothing at this address. It may have moved.",
        "back_home": "Back to the home page", "skip": "Skip to content", "no_mentions": "No article mentions it yet.",
        "latest_value": "Latest", "progress": "Progress", "status_planned": "Planned", "status_active": "Active",
        "status_completed": "Completed", "status_superseded": "Superseded", "chart": "Chart",
        "kinds": "Browse", "entities": "entries", "description": "About", "menu": "Menu",
        "target_line": "target", "sentences": "What the coverage says", "search": "Search",
        "search_placeholder": "Search articles, programmes, institutions, figures…", "search_all": "All",
        "search_article": "Articles",
        "search_unavailable": "Search is not available: this site was built without its search index.",
        "search_noscript": "Search runs in the browser and needs JavaScript.", "search_kind": "Show",
        "search_more": "More results",
        "reported_values": "Values reported here",
        "search_result_one": "1 result for “{query}”", "search_results": "{count} results for “{query}”",
        "search_no_results": "Nothing found for “{query}”", "draft": "Draft", "toc": "Contents", "search_page": "Pages",
        "moved": "This page has moved to",
        // Punctuation and spacing.
        "colon": ": ", "semicolon": "; ", "list_separator": ", ", "paren_open": " (", "paren_close": ")",
        "word_space": " ", "by_prefix": "By ", "updated_prefix": "Updated ", "period_from": "from {start}",
        "period_until": "until {end}", "period_range": "{start} – {end}",
    ]

    package static let chinese: [String: String] = [
        "home": "首页", "articles": "文章", "all_articles": "全部文章", "latest": "最新文章",
        "mentions": "本文提及", "related_articles": "相关文章", "previous": "上一篇", "next": "下一篇",
        "older": "下一页", "newer": "上一页", "page": "分页", "mentioned_in": "提及它的文章", "articles_count": "篇文章",
        "mentioned_with": "常与之一同提及", "relations": "关联", "parent": "隶属于", "children": "下设",
        "related": "相关", "responsible": "责任单位", "responsible_for": "负责", "superseded_by": "已被取代为",
        "supersedes": "取代", "status": "状态", "start": "开始", "end": "结束", "period": "期间",
        "aliases": "又称", "target": "目标", "baseline": "基期值", "deadline": "期限", "metric": "指标",
        "unit": "单位", "observations": "报道数值", "date": "日期", "value": "数值", "reported_in": "出处",
        "no_observations": "尚无报道数值。", "by": "作者", "source": "来源", "updated": "更新于",
        "feed": "订阅（Atom）", "figures_glance": "目标指标一览", "not_found": "页面不存在",
        "not_found_text": "此地址没有内容，页面可能已移动。", "back_home": "返回首页", "skip": "跳到正文",
        "no_mentions": "尚无文章提及。", "latest_value": "最新", "progress": "进度", "status_planned": "计划中",
        "status_active": "实施中", "status_completed": "已完成", "status_superseded": "已被取代", "chart": "图表",
        "kinds": "浏览", "entities": "条", "description": "简介", "menu": "菜单", "target_line": "目标",
        "sentences": "报道原文", "search": "搜索",
        "search_placeholder": "搜索文章、计划、机构、指标……", "search_all": "全部", "search_article": "文章",
        "search_unavailable": "搜索不可用：本站构建时未生成搜索索引。", "search_noscript": "搜索在浏览器中运行，需要启用 JavaScript。",
        "search_kind": "范围", "search_more": "更多结果",
        "reported_values": "本文报道的数值",
        "search_result_one": "找到1条结果：“{query}”", "search_results": "找到{count}条结果：“{query}”",
        "search_no_results": "没有找到“{query}”", "draft": "草稿", "toc": "目录", "search_page": "页面", "moved": "此页面已移至",
        // Punctuation and spacing.
        "colon": "：", "semicolon": "；", "list_separator": "、", "paren_open": "（", "paren_close": "）",
        "word_space": "", "by_prefix": "作者：", "updated_prefix": "更新于", "period_from": "{start}起",
        "period_until": "至{end}", "period_range": "{start}至{end}",
    ]
}
