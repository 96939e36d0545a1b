import DossierPlan
import DossierTemplate
import DossierValidate

extension Theme {
    /// A page, through its template.
    public func render(_ page: Page) -> String {
        library.render(page.context, template: page.template) ?? ""
    }
}
