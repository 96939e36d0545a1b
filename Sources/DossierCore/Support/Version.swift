/// Dossier's version: printed by `--version`, and part of the build cache's key.
public enum DossierVersion {
    public static let string = "0.2.0"
}
