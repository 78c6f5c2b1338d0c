import KaikuApp
import KaikuCore
import Mustache

/// What templates see as `t`: `{{t.login_title}}`.
public struct Translations: MustacheParent {
    let catalog: Catalog
    let language: Language
    let variant: SurveyVariant
    public func child(named name: String) -> Any? { catalog.text(name, language, variant: variant) }
}

extension Catalog {
    public func translations(_ language: Language, variant: SurveyVariant = .standard) -> Translations {
        Translations(catalog: self, language: language, variant: variant)
    }
}
