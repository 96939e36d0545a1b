// DossierKit is the library the commands, the benchmark and the tests use: the stages
// it runs come with it, each still its own target (Package.swift shows their order).
@_exported import DossierCore
@_exported import DossierLink
@_exported import DossierLoad
@_exported import DossierMarkdown
@_exported import DossierPlan
@_exported import DossierPublish
@_exported import DossierRender
@_exported import DossierStore
@_exported import DossierTemplate
@_exported import DossierValidate

import DossierTheme

extension DossierVersion {
    /// The commit this Dossier was built from ("unknown" outside a git checkout).
    public static var commit: String { DefaultTheme.commit }
}
