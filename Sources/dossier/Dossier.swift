import ArgumentParser
import DossierKit
import Foundation

@main
struct Dossier: AsyncParsableCommand {
    /// `dossier 0.2.0 (commit 1a2b3c4d5e6f)`.
    static let version = "\(DossierVersion.string) (commit \(DossierVersion.commit.prefix(12)))"

    static let configuration = CommandConfiguration(
        commandName: "dossier",
        abstract: "Builds cross-linked policy briefing sites from annotated Markdown.",
        version: version,
        subcommands: [
            InitCommand.self, BuildCommand.self, ServeCommand.self, CheckCommand.self, RenderCommand.self, NewCommand.self,
            ImportCommand.self,
        ]
    )

    /// SPEC's exit statuses: 1 content errors, 2 wrong usage, 3 the environment failed.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var command = command as? AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch let error as ContentError {
            for diagnostic in error.diagnostics { printError(advised(diagnostic)) }
            let count = error.diagnostics.filter { $0.severity == .error }.count
            printError("dossier: \(count) error\(count == 1 ? "" : "s"); nothing was written")
            Foundation.exit(1)
        } catch let error as UsageError {
            printError("dossier: error: " + advised(error.description, error.remedy))
            Foundation.exit(2)
        } catch let error as EnvironmentError {
            printError("dossier: error: " + advised(error.description, error.remedy))
            Foundation.exit(3)
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                exit(withError: error)
            }
            // swift-argument-parser says 64 for usage errors; SPEC says 2.
            printError(fullMessage(for: error))
            Foundation.exit(code == .validationFailure || code.rawValue == 64 ? 2 : code.rawValue)
        }
    }
}

func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// `--site DIR`, shared by every command that reads a site.
struct SiteOption: ParsableArguments {
    @Option(name: .long, help: "The site folder (holding Content/).")
    var site: String = "."

    func location() throws -> SiteLocation { try SiteLocation(site) }
}

extension Tools {
    /// The default theme, Pagefind and search's segmentation, as this process's environment
    /// and executable find them (Pagefind only for a command that will `search`); a missing
    /// default theme is an error that says how to give it.
    static func ofThisProcess(search: Bool) throws -> Tools {
        let tools = locate(
            environment: ProcessInfo.processInfo.environment,
            executable: Bundle.main.executableURL?.resolvingSymlinksInPath().path,
            currentDirectory: FileManager.default.currentDirectoryPath, search: search)
        guard tools.theme != nil else {
            throw EnvironmentError(
                "the default theme was not found: DOSSIER_THEME must name a folder holding base.mustache (or be unset, for the theme built into dossier)")
        }
        return tools
    }
}

/// The build's date: `--as-of`, else `SOURCE_DATE_EPOCH`, else now.
func buildDate(asOf: String?) throws -> BuildDate {
    switch BuildDate.from(asOf: asOf, sourceDateEpoch: ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"]) {
    case .success(let date): return date
    case .failure(let error): throw error
    }
}

/// What a build left out, for its summary.
func printLeftOut(_ report: BuildReport) {
    if report.draftsLeftOut > 0 {
        let drafts = report.draftsLeftOut == 1 ? "1 draft" : "\(report.draftsLeftOut) drafts"
        print("\(drafts) not built (build with --drafts to see \(report.draftsLeftOut == 1 ? "it" : "them"))")
    }
    if report.futureLeftOut > 0 {
        let future = report.futureLeftOut == 1 ? "1 article" : "\(report.futureLeftOut) articles"
        let date = report.asOf.isEmpty ? "the build's date" : report.asOf
        print(
            "\(future) dated after \(date) held back (published on \(report.futureLeftOut == 1 ? "its" : "their") day; "
                + "build with --future to see \(report.futureLeftOut == 1 ? "it" : "them") now)")
    }
}
