import CCmarkGFM
import DossierCore
import DossierMarkdown
import DossierValidate

extension MarkdownLinker {
    /// Writes each link and image that leads to another page or file of the site
    /// (`PageTargets`) as that page's or file's path from the root; a link to a page
    /// held back loses its link and keeps its text. `dependencies` gets each target
    /// the text's linking now depends on (`PageTargets.dependency`).
    func rewritePageLinks(
        _ document: MarkdownDocument, targets: PageTargets, file: String, dependencies: inout Set<String>
    ) {
        var pageLinks: [(MarkdownNode, PageTargets.Resolution)] = []
        for node in document.nodes() where node.isLink || node.type == CMARK_NODE_IMAGE {
            guard Validator.isPageLink(node.url) else { continue }
            pageLinks.append((node, targets.resolve(node.url, from: file)))
        }
        // Innermost first: an image's description may hold links, which replacing the image frees.
        for (node, resolution) in pageLinks.reversed() {
            let title = node.title.isEmpty ? "" : " title=\"\(HTML.escape(node.title))\""
            var href: String
            switch resolution {
            case .page(let path, let suffix, let key):
                dependencies.insert(targets.dependency(key))
                href = PageTargets.encodePath(path) + suffix
            case .file(let path, let suffix, _, let key):
                if let key { dependencies.insert(targets.dependency(key)) }
                href = PageTargets.encodePath(path) + suffix
            case .heldBack(let key, _):
                dependencies.insert(targets.dependency(key))
                if node.isLink { node.unwrap() }
                continue
            case .unpublished(_, let tried):
                // It may lead to a file of an article folder made later.
                for key in tried { dependencies.insert(targets.dependency(key)) }
                continue
            case .unknown, .other: continue
            }
            href = Self.rootMarker + HTML.escape(href)
            if node.isLink {
                node.replaceWithCustom(enter: "<a href=\"\(href)\"\(title)>", exit: "</a>", block: false)
            } else {
                node.insertBefore(
                    .customInline(
                        enter: "<img src=\"\(href)\" alt=\"\(HTML.escape(node.plainText))\"\(title) />", exit: ""))
                node.remove()
            }
        }
    }
}
