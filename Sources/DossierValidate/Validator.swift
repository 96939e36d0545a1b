import DossierCore
import DossierLoad

/// What the validate stage found: each entity's front-matter references resolved,
/// and the resolver that later stages resolve the articles' annotations with.
public struct Validation: Sendable {
    /// An entity's `parent`, `related`, `responsible` and `superseded_by`, resolved;
    /// a reference that does not resolve is left out (and was reported).
    public struct References: Sendable, Equatable {
        public var parent: EntityRef?
        public var related: [EntityRef]
        public var responsible: [EntityRef]
        public var supersededBy: EntityRef?

        public init(parent: EntityRef?, related: [EntityRef], responsible: [EntityRef], supersededBy: EntityRef?) {
            self.parent = parent
            self.related = related
            self.responsible = responsible
            self.supersededBy = supersededBy
        }
    }

    public var resolver: ReferenceResolver
    public var entities: [EntityRef: References]
    /// What autolinking looks for.
    public var names: [Name]
    /// Files whose stored links could not be decoded: the build store is damaged, and the
    /// build must start again from the content alone.
    public var damagedRecords: [String] = []
}

/// The validate stage: everything the site's files say, checked before anything is
/// linked. `site.yml` (`SiteConfig.read`) and each file alone (`FileChecks.swift`:
/// fields, types, dates, values) as the load stage hands them on; then, here, what
/// the files say of one another: no two articles share a slug nor two entities an
/// id; every reference an entity's front matter makes resolves to an entity of the
/// right kind; no entity is its own parent or its own ancestor; a superseded entity
/// names its successor; every figure an article reports a value of exists; every
/// link written as an annotation names an entity that exists; autolinking's names
/// are each one entity's (`Names.swift`).
public enum Validator {
    /// Markdown files in no kind's folder are warned about: they are not built.
    public static func folders(
        _ files: ContentFiles, config: SiteConfig, site: SiteLocation, diagnostics: inout Diagnostics
    ) {
        for file in files.strays {
            diagnostics.warning(
                file.hasPrefix("Content/pages/")
                    ? "not a page (a .md file); not published: files that pages link to go in Content/static/"
                    : "in no article's folder; not published: an article's files go beside its index.md, in a folder "
                        + "named by its slug (Content/articles/<slug>/index.md), or in Content/static/",
                at: SourceLocation(path: site.displayPath(file)))
        }
        for (file, folder) in files.outside {
            let location = SourceLocation(path: site.displayPath(file))
            guard let folder else {
                diagnostics.warning("not in any kind's folder; ignored", at: location)
                continue
            }
            let hint =
                Naming.suggestion(for: folder, among: config.kinds.map(\.folder)).map { " (did you mean '\($0)'?)" }
                ?? ""
            diagnostics.warning(
                "'\(folder)' is not a kind declared in site.yml\(hint); its files are ignored", at: location)
        }
    }

    public static func validate(_ content: Content, diagnostics: inout Diagnostics) -> Validation {
        checkUnique(
            (content.articles + content.futureArticles).map { Located($0.slug, at: $0.slugLocation) },
            what: "article slug", diagnostics: &diagnostics)
        checkUnique(
            content.pages.map { Located($0.slug, at: $0.slugLocation) }, what: "page slug", diagnostics: &diagnostics)
        let folders = Set(content.config.kinds.map(\.folder))
        for page in content.pages where folders.contains(page.slug) || Naming.reservedKindNames.contains(page.slug) {
            diagnostics.error(
                "the page slug '\(page.slug)' is \(folders.contains(page.slug) ? "a kind's folder" : "reserved")",
                at: page.slugLocation)
        }
        for kind in content.config.kinds {
            let ids = content.entities.filter { $0.ref.kind == kind.folder }.map {
                Located($0.ref.id, at: SourceLocation(path: $0.source.path))
            }
            checkUnique(ids, what: "\(kind.singular) id", diagnostics: &diagnostics)
        }
        let resolver = ReferenceResolver(
            kinds: content.config.kinds, entities: content.entities.map(\.ref) + content.unreadableEntities)
        var entities: [EntityRef: Validation.References] = [:]
        for entity in content.entities {
            func ref(_ text: Located<String>, field: String) -> EntityRef? {
                switch resolver.resolve(text.value) {
                case .entity(let ref): return ref
                case .invalid(let message): diagnostics.error("'\(field)': \(message)", at: text.location)
                case .ordinary, .dangerous:
                    diagnostics.error("'\(field)': '\(text.value)' is not a reference", at: text.location)
                }
                return nil
            }
            let parent = entity.parent.flatMap { ref($0, field: "parent") }
            if let parent, parent.kind != entity.ref.kind, let location = entity.parent?.location {
                diagnostics.error(
                    "'parent' must be an entity of the same kind (\(entity.ref.kind)), not \(parent.kind)", at: location
                )
            }
            if parent == entity.ref, let location = entity.parent?.location {
                diagnostics.error("an entity cannot be its own parent", at: location)
            }
            var responsible: [EntityRef] = []
            for text in entity.responsible {
                guard let found = ref(text, field: "responsible") else { continue }
                if found.kind != "institutions" {
                    diagnostics.error(
                        "'responsible' lists institutions, and '\(text.value)' is not one", at: text.location)
                }
                responsible.append(found)
            }
            entities[entity.ref] = Validation.References(
                parent: parent,
                related: entity.related.compactMap { ref($0, field: "related") }.filter { $0 != entity.ref },
                responsible: responsible, supersededBy: entity.supersededBy.flatMap { ref($0, field: "superseded_by") })
            if entity.status == .superseded && entity.supersededBy == nil {
                diagnostics.warning(
                    "status is superseded but 'superseded_by' is not set",
                    at: entity.fieldPlaces["status"] ?? SourceLocation(path: entity.source.path))
            }
        }
        checkParentCycles(entities, content: content, diagnostics: &diagnostics)
        // The figures each article reports values of.
        let figures = entities.keys.filter { $0.kind == "figures" }.map(\.id).sorted()
        for article in content.articles + content.futureArticles {
            for reported in article.observations {
                let ref = reported.figureRef
                guard entities[ref] == nil, !content.unreadableEntities.contains(ref) else { continue }
                let hint = Naming.suggestion(for: ref.id, among: figures).map { " (did you mean '\($0)'?)" } ?? ""
                diagnostics.error("unknown figure '\(ref.id)'\(hint)", at: reported.figure.location)
            }
        }
        // The annotations in every text: each link written as one names an entity that exists.
        // A file the build store kept was checked in a build that succeeded, with the same kinds
        // (they are part of its record's context): its links resolve unless an entity is gone
        // since, or it is a draft (which a build without drafts does not check).
        let entityRemoved = content.sourceChanges.removed.contains { !$0.hasPrefix("Content/articles/") }
        var damagedRecords: [String] = []
        func check(_ links: TextLinks, path: String, always: Bool) {
            guard links.areNew || always || entityRemoved else { return }
            guard let found = try? RecordCoding.links(links, path: path) else {
                damagedRecords.append(path)
                return
            }
            annotations(found, resolver: resolver, diagnostics: &diagnostics)
        }
        for article in content.articles { check(article.links, path: article.source.path, always: article.draft) }
        for article in content.futureArticles { check(article.links, path: article.source.path, always: true) }
        for entity in content.entities { check(entity.links, path: entity.source.path, always: false) }
        for page in content.pages { check(page.links, path: page.source.path, always: true) }
        // Links between pages, every build: pages and files come and go, and a link that
        // leads to none is a warning (a stored text holds them only if it has such links).
        func checkPages(_ links: TextLinks, path: String, file: String, page: String) {
            guard let found = try? RecordCoding.links(links, path: path) else {
                damagedRecords.append(path)
                return
            }
            guard !found.isEmpty else { return }
            pageLinks(
                found, file: file, page: page, targets: content.targets, files: content.files,
                diagnostics: &diagnostics)
        }
        for article in content.articles {
            checkPages(
                article.pageLinks, path: article.source.path, file: article.file, page: "articles/\(article.slug)/")
        }
        for article in content.futureArticles {
            checkPages(
                article.pageLinks, path: article.source.path, file: article.file, page: "articles/\(article.slug)/")
        }
        for page in content.pages {
            checkPages(page.pageLinks, path: page.source.path, file: page.file, page: page.slug + "/")
        }
        for entity in content.entities {
            guard let file = entity.file else { continue }
            checkPages(entity.pageLinks, path: entity.source.path, file: file, page: entity.ref.path)
        }
        let names = names(content.entities, singular: resolver.singular, diagnostics: &diagnostics)
        return Validation(resolver: resolver, entities: entities, names: names, damagedRecords: damagedRecords)
    }

    private static func checkUnique(_ names: [Located<String>], what: String, diagnostics: inout Diagnostics) {
        var seen: [String: SourceLocation] = [:]
        for name in names.sorted(by: { $0.location < $1.location }) {
            if let first = seen[name.value] {
                diagnostics.error("duplicate \(what) '\(name.value)', also used by \(first.path)", at: name.location)
            } else {
                seen[name.value] = name.location
            }
        }
    }

    /// Each cycle once, at the `parent:` line of the member whose file sorts first.
    private static func checkParentCycles(
        _ entities: [EntityRef: Validation.References], content: Content, diagnostics: inout Diagnostics
    ) {
        // The last entity of a ref wins, as in the references above.
        let byRef = Dictionary(content.entities.map { ($0.ref, $0) }, uniquingKeysWith: { _, last in last })
        for ref in entities.keys.sorted() {
            var chain = [ref]
            var current = entities[ref]?.parent
            while let next = current, entities[next] != nil {
                if next == ref {
                    let first = chain.min { byRef[$0]!.source.path < byRef[$1]!.source.path }
                    guard first == ref, chain.count > 1 else { break }  // a self-parent is its own error
                    let path = (chain + [ref]).map(\.id).joined(separator: " → ")
                    diagnostics.error("parent cycle: \(path)", at: byRef[ref]!.parent!.location)
                    break
                }
                if chain.contains(next) { break }  // a cycle further up, reported from its own members
                chain.append(next)
                current = entities[next]?.parent
            }
        }
    }
}
