// The starter sites of `dossier init`, file by file. Each builds without a warning
// (InitTests checks that), and its comments teach the format; SPEC and the README
// say the rest.

enum Starters {
    static func english(language: String) -> [(String, String)] {
        [
            (".gitignore", gitignore),
            ("Public/.gitkeep", ""),
            (
                "Content/site.yml",
                """
                # The briefing's settings. Only title and base_url are required; every other
                # field shows its default. Dossier's README describes each one.
                title: My Policy Briefing
                # Where the site will be published: feeds, the sitemap and the 404 page use it.
                base_url: https://example.org/briefing/
                # A BCP 47 tag: the <html lang> and the theme's words (Templates/i18n/).
                language: \(language)
                # An IANA time zone: a date without a time is midnight there.
                timezone: UTC
                author: Policy Desk
                description: Following one programme, one agency and one target across the coverage.
                # Entity kinds: initiatives, institutions and figures exist already. Add your own,
                # each with a folder of Content/ and the singular its annotations use:
                # kinds:
                #   people: { singular: person, label: People }
                # Names of entities found in articles are linked: first | all | none.
                autolink: first
                paginate: 50      # items on each list page
                feed_size: 50     # entries in each Atom feed
                toc: false        # a table of contents on every article and page

                """
            ),
            (
                "Content/articles/2024/solar-programme-launched.md",
                """
                ---
                # An article: one news extract. Its file name is its slug, and its address is
                # articles/solar-programme-launched/. Only title and date are required.
                # `dossier new article SLUG` starts another.
                title: Solar programme launched with a 30 GW target
                date: 2024-03-15
                author: Policy Desk
                source: Example News
                source_url: https://example.org/news/solar-programme
                # Values of target figures this article reports: the figure's page charts them.
                observations:
                  - { figure: solar-capacity, value: 12, date: 2023-12-31 }
                ---

                The [Energy Agency](institution:energy-agency) launched the
                [Solar Rooftops Programme](initiative:solar-rooftops) on Friday. It aims to bring
                the country's solar capacity to 30 GW by the end of 2030, from 12 GW today.

                A link written `[text](singular:id)` is an annotation: the Solar Rooftops Programme
                above links to its own page, which lists every article that mentions it. Names
                an entity gives (its name and aliases) are linked where the text uses them, so
                the Energy Agency needs no annotation the second time.

                ## What comes next

                The agency will publish the first grants in June. [About this briefing](page:about)
                says how its entities are chosen.

                """
            ),
            (
                "Content/initiatives/solar-rooftops.md",
                """
                ---
                # An entity: its file name is its id (initiative:solar-rooftops). `name` is required.
                name: Solar Rooftops Programme
                # Its name in other languages (BCP 47 tags): shown under the name, searchable, linked like the name.
                # names: { fr: Programme des toits solaires }
                # Other names the articles use, linked like the name.
                aliases: [rooftop solar programme]
                responsible: [institution:energy-agency]
                related: [figure:solar-capacity]
                start: 2024-03-15
                end: 2030-12-31
                status: active    # planned | active | completed | superseded
                ---

                Grants for solar panels on homes and public buildings.

                """
            ),
            (
                "Content/institutions/energy-agency.md",
                """
                ---
                name: Energy Agency
                aliases: [the agency]
                # parent: institution:energy-ministry    (an institution it belongs to)
                ---

                The government agency that runs the country's energy programmes.

                """
            ),
            (
                "Content/figures/solar-capacity.md",
                """
                ---
                # A target figure: what is measured, the target, and by when. The articles'
                # observations are set against it, on a chart and in its status.
                name: Solar capacity
                metric: Installed solar capacity
                unit: GW
                target: 30
                baseline: { value: 10, date: 2022-12-31 }
                deadline: 2030-12-31
                ---

                The country's installed solar generating capacity.

                """
            ),
            (
                "Content/pages/about.md",
                """
                ---
                # A standalone page, at about/. `menu` puts it in the site's navigation.
                title: About this briefing
                menu: 1
                ---

                This briefing follows the country's solar policy: the programmes that carry it,
                the institutions responsible, and the targets they are measured against.

                ## How entities are chosen

                A programme, an institution or a target becomes an entity when an article names
                it and a reader would want to follow it across the coverage.

                """
            ),
            ("Content/static/.gitkeep", ""),
        ]
    }

    static func chinese(language: String) -> [(String, String)] {
        [
            (".gitignore", gitignore),
            ("Public/.gitkeep", ""),
            (
                "Content/site.yml",
                """
                # 简报的设置。只有 title 和 base_url 是必填项，其余各项写的是默认值。
                # 每一项的含义见 Dossier 的 README。
                title: 我的政策简报
                # 网站发布的地址：订阅源、站点地图和 404 页面都用它。
                base_url: https://example.org/briefing/
                # BCP 47 语言标签：决定 <html lang> 和主题用语（Templates/i18n/）。
                language: \(language)
                # IANA 时区：不带时间的日期指当地零点。
                timezone: Asia/Shanghai
                author: 政策研究室
                description: 跟踪一项计划、一个机构、一个目标在报道中的进展。
                # 条目类别：举措、机构、目标指标已经存在。可以添加自己的类别，
                # 每类对应 Content/ 下的一个文件夹和标注时用的单数名：
                # kinds:
                #   people: { singular: person, label: 人物 }
                # 文章中出现的条目名称自动加链接：first | all | none。
                autolink: first
                paginate: 50      # 每个列表页的条数
                feed_size: 50     # 每个 Atom 订阅源的条数
                toc: false        # 每篇文章和页面开头是否加目录

                """
            ),
            (
                "Content/articles/2024/ip-programme-launched.md",
                """
                ---
                # 一篇文章：一段新闻摘录。文件名就是它的 slug，地址是 articles/ip-programme-launched/。
                # 只有 title 和 date 是必填项。用 `dossier new article SLUG` 新建文章。
                title: 省知识产权局启动专利导航工程
                date: 2024-03-15
                author: 政策研究室
                source: 示例日报
                source_url: https://example.org/news/patent-navigation
                # 本文报道的目标指标数值，会画在该指标页面的图表上。
                observations:
                  - { figure: patent-navigation-projects, value: 35, date: 2023-12-31 }
                ---

                [省知识产权局](institution:provincial-ipa)日前启动[专利导航工程](initiative:patent-navigation)，
                计划到2025年底累计实施专利导航项目100项，目前已完成35项。

                写成 `[文字](类别:编号)` 的链接就是标注：上面的专利导航工程链接到它自己的页面，
                那里列出提及它的每一篇文章。条目的名称和别名在正文中出现时也会自动加链接，
                所以第二次提到省知识产权局时不必再标注。

                ## 下一步

                省知识产权局将于6月公布首批项目。[关于本简报](page:about)说明了条目如何选取。

                """
            ),
            (
                "Content/initiatives/patent-navigation.md",
                """
                ---
                # 一个条目：文件名就是它的编号（initiative:patent-navigation）。name 必填。
                name: 专利导航工程
                # 其他语言的名称（BCP 47 语言标签）：显示在名称下方，可搜索，也自动加链接。
                names: { en: Patent Navigation Project }
                # 文章中的其他叫法，和名称一样自动加链接。
                aliases: [专利导航项目工程]
                responsible: [institution:provincial-ipa]
                related: [figure:patent-navigation-projects]
                start: 2024-03-15
                end: 2025-12-31
                status: active    # planned | active | completed | superseded
                ---

                以专利信息分析引导产业规划和企业决策的工程。

                """
            ),
            (
                "Content/institutions/provincial-ipa.md",
                """
                ---
                name: 省知识产权局
                # parent: institution:provincial-amr    （所属的上级机构）
                ---

                负责全省知识产权工作的政府部门。

                """
            ),
            (
                "Content/figures/patent-navigation-projects.md",
                """
                ---
                # 一个目标指标：衡量什么、目标值、期限。文章报道的数值与它对照，画成图表并判断进展。
                name: 专利导航项目数
                metric: 累计实施的专利导航项目
                unit: 项
                target: 100
                baseline: { value: 0, date: 2023-01-01 }
                deadline: 2025-12-31
                ---

                全省累计实施的专利导航项目数量。

                """
            ),
            (
                "Content/pages/about.md",
                """
                ---
                # 一个独立页面，地址是 about/。menu 把它放进网站导航。
                title: 关于本简报
                menu: 1
                ---

                本简报跟踪全省知识产权政策：承载政策的各项举措、负责的机构，以及衡量它们的目标指标。

                ## 条目如何选取

                文章点名、且读者会想沿着报道持续跟踪的计划、机构或目标，列为一个条目。

                """
            ),
            ("Content/static/.gitkeep", ""),
        ]
    }

    static let gitignore = """
        # Built by `dossier build`; the build store speeds up the next build.
        /Public/*
        !/Public/.gitkeep
        .dossier-cache/

        """
}
