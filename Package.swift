// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Dossier",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "dossier", targets: ["dossier"]),
        .executable(name: "dossier-bench", targets: ["dossier-bench"]),
        .library(name: "DossierKit", targets: ["DossierKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.21.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.60.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.20.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // The build store (`.dossier-cache/store.sqlite`): SQLite, through the system's libsqlite3.
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // The pipeline, one target per stage, each depending only on those before it:
        // load → validate → link → plan → render → publish, over the build store and the libraries
        // below them (Core: diagnostics, fingerprints, record coding, files and text;
        // Markdown: cmark-gfm; Template: the Mustache engine). DossierKit runs the stages
        // (Builder) and holds what the commands do besides building (check, import, serve).
        // Linux's fallocate, which Swift's Glibc module leaves out: disk blocks reserved for a
        // large output file before it is written (`writeReplacing`, `OutputFolder.writeMade`).
        .target(name: "CDossierFiles"),
        .target(
            name: "DossierCore",
            dependencies: ["CDossierFiles", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "DossierStore",
            dependencies: ["DossierCore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // The default theme and the commit, in the code (the EmbedTheme plugin runs dossier-embed).
        .executableTarget(name: "dossier-embed"),
        .plugin(name: "EmbedTheme", capability: .buildTool(), dependencies: ["dossier-embed"]),
        .target(name: "DossierTheme", dependencies: ["DossierCore"], plugins: ["EmbedTheme"]),
        .target(name: "DossierMarkdown", dependencies: ["DossierCore", "CCmarkGFM"]),
        .target(name: "DossierTemplate", dependencies: ["DossierCore"]),
        .target(name: "DossierLoad", dependencies: ["DossierCore", "DossierStore"]),
        .target(
            name: "DossierValidate",
            dependencies: [
                "DossierCore", "DossierStore", "DossierMarkdown", "DossierTemplate", "CCmarkGFM", "DossierLoad",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(
            name: "DossierLink",
            dependencies: [
                "DossierCore", "DossierStore", "DossierMarkdown", "DossierValidate", "CCmarkGFM",
            ]
        ),
        .target(
            name: "DossierPlan",
            dependencies: ["DossierCore", "DossierMarkdown", "DossierTemplate", "DossierValidate", "DossierLink"]
        ),
        .target(
            name: "DossierRender",
            dependencies: [
                "DossierCore", "DossierMarkdown", "DossierTemplate", "DossierValidate", "DossierLink", "DossierPlan",
            ]
        ),
        // The open data (JSON, CSV, SQLite), made from the plan stage's view of the graph.
        .target(
            name: "DossierData",
            dependencies: [
                "DossierCore", "DossierValidate", "DossierLink", "DossierPlan",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's own calls, for binding the many rows without an allocation each.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        // Publishing writes files and the search index: it needs no stage's types.
        .target(name: "DossierPublish", dependencies: ["DossierCore", "DossierStore", "DossierTheme"]),
        .target(
            name: "DossierKit",
            dependencies: [
                "CCmarkGFM", "DossierCore", "DossierStore", "DossierMarkdown", "DossierTemplate", "DossierLoad",
                "DossierValidate", "DossierLink", "DossierPlan", "DossierRender", "DossierData", "DossierPublish",
                "DossierTheme", .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "dossier",
            dependencies: [
                "DossierKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                // For `serve`'s answer to requests NIO's HTTP decoder refuses.
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ]
        ),
        .executableTarget(
            name: "dossier-bench",
            dependencies: [
                "DossierKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "DossierKitTests",
            dependencies: [
                "DossierKit", "DossierTheme",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
    ]
)
