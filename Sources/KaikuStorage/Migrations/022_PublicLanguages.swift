/// Languages a county adds for its public pages and surveys (issue 28, docs/LANGUAGES.md): the
/// language, who reviewed its translation, and each text with the Finnish it was translated from
/// (a changed Finnish text shows the translation is out of date). A response may now be in any
/// language code, not only fi, sv or en: PostgreSQL drops the check; SQLite, which cannot, copies
/// the responses and their answers into tables without it (answers first out, so the foreign key
/// holds at every step; renaming the new table points the answers' key at it).
let publicLanguages022 = Migration(number: 22, name: "public_languages") { kind in
    let languageCode = kind == .postgres ? "language ~ '^[a-z]{2,3}$'" : "length(language) BETWEEN 2 AND 3 AND language NOT GLOB '*[^a-z]*'"
    let columns = "id, survey_id, version_id, node_id, node_path, channel, language, age_band, gender, contact_type, call_type, submitted_on, "
        + "submission_key, respondent, variant, assisted"
    let responses: [String] = kind == .postgres ? [
        "ALTER TABLE responses DROP CONSTRAINT responses_language_check",
        "ALTER TABLE responses ADD CONSTRAINT responses_language_code CHECK (\(languageCode))",
    ] : [
        """
        CREATE TABLE responses_new (
            id TEXT PRIMARY KEY,
            survey_id TEXT NOT NULL REFERENCES surveys(id),
            version_id TEXT NOT NULL REFERENCES survey_versions(id),
            node_id TEXT NOT NULL REFERENCES org_nodes(id),
            node_path TEXT NOT NULL,
            channel TEXT NOT NULL CHECK (channel IN ('sms', 'email', 'qr', 'kiosk', 'widget', 'web', 'paper', 'interview', 'phone')),
            language TEXT NOT NULL CHECK (\(languageCode)),
            age_band TEXT,
            gender TEXT,
            contact_type TEXT,
            call_type TEXT,
            submitted_on TEXT NOT NULL,
            submission_key TEXT UNIQUE,
            respondent TEXT,
            variant TEXT,
            assisted BOOLEAN NOT NULL DEFAULT FALSE
        )
        """,
        "INSERT INTO responses_new (\(columns)) SELECT \(columns) FROM responses",
        """
        CREATE TABLE response_answers_new (
            response_id TEXT NOT NULL REFERENCES responses_new(id),
            question_key TEXT NOT NULL,
            value_number INTEGER,
            value_text TEXT,
            is_cant_say BOOLEAN NOT NULL DEFAULT FALSE,
            PRIMARY KEY (response_id, question_key)
        )
        """,
        "INSERT INTO response_answers_new SELECT response_id, question_key, value_number, value_text, is_cant_say FROM response_answers",
        "DROP TABLE response_answers",
        "DROP TABLE responses",
        "ALTER TABLE responses_new RENAME TO responses",
        "ALTER TABLE response_answers_new RENAME TO response_answers",
        "CREATE INDEX responses_scope ON responses (survey_id, node_path, submitted_on)",
    ]
    return responses + [
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
