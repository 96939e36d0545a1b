import DossierKit

/// The command line's words for what the user can do about a problem: the library
/// names the choice (`Remedy`), and only here is it said with the flags that make it.
extension Remedy {
    var advice: String {
        switch self {
        case .replaceExisting: "pass --force to replace it"
        case .buildIntoForeignFolder:
            "choose an empty folder, or pass --force to build into it: its other files are kept, "
                + "and each one the site replaces is listed"
        case .giveTheDate: "give the date with --date YYYY-MM-DD"
        case .nameTheArticle: "name this article with --slug"
        case .installSearch:
            "`make search-deps` installs it (pip install pagefind-bin-extended==\(SearchIndex.pinnedVersion) "
                + "into .dossier-tool/venv), or set DOSSIER_PAGEFIND to its binary; --no-search builds without search"
        }
    }
}

/// A problem as the command line prints it: where, what, and what to do about it.
func advised(_ diagnostic: Diagnostic) -> String {
    diagnostic.description + (diagnostic.remedy.map { "; " + $0.advice } ?? "")
}

func advised(_ message: String, _ remedy: Remedy?) -> String {
    message + (remedy.map { "; " + $0.advice } ?? "")
}
