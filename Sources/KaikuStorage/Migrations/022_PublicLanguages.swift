/// Languages a county adds for its public pages and surveys (issue 28, docs/LANGUAGES.md): the
/// language, who reviewed its translation, and each text with the Finnish it was translated from
/// (a changed Finnish text shows the translation is out of date).
let publicLanguages022 = Migration(number: 22, name: "public_languages") { _ in
    [
        """
        CREATE TABLE public_languages (
            code TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            reviewed_by TEXT NOT NULL,
            imported_at TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE translations (
            language TEXT NOT NULL,
            text_key TEXT NOT NULL,
            text TEXT NOT NULL,
            source TEXT NOT NULL,
            PRIMARY KEY (language, text_key)
        )
        """,
    ]
}
