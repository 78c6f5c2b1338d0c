import KaikuApp
import KaikuCore
import Mustache

/// What templates see as `t`: `{{t.login_title}}`.
public struct Translations: MustacheParent {
    let catalog: Catalog
    let language: Language
    public func child(named name: String) -> Any? { catalog.text(name, language) }
}

extension Catalog {
    public func translations(_ language: Language) -> Translations {
        Translations(catalog: self, language: language)
    }
}
