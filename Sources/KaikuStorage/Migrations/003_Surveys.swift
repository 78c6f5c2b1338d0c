import KaikuCore

/// Surveys: versioned definitions, the units they run in, personal links (hashed), and anonymous
/// responses with background variables only. Preloads the national regular survey.
let surveys003 = Migration(number: 3, name: "surveys") { _ in
    [
        """
        CREATE TABLE surveys (
            id TEXT PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL CHECK (kind IN ('regular', 'short_term')),
            name_fi TEXT NOT NULL,
            name_sv TEXT NOT NULL,
            name_en TEXT NOT NULL,
            is_national BOOLEAN NOT NULL DEFAULT FALSE,
            status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'closed')),
            starts_on TEXT,
            ends_on TEXT,
            one_per_page BOOLEAN NOT NULL DEFAULT FALSE,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE survey_versions (
            id TEXT PRIMARY KEY,
            survey_id TEXT NOT NULL REFERENCES surveys(id),
            number INTEGER NOT NULL,
            definition TEXT NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE (survey_id, number)
        )
        """,
        """
        CREATE TABLE survey_targets (
            survey_id TEXT NOT NULL REFERENCES surveys(id),
            node_id TEXT NOT NULL REFERENCES org_nodes(id),
            PRIMARY KEY (survey_id, node_id)
        )
        """,
        """
        CREATE TABLE survey_tokens (
            token_hash TEXT PRIMARY KEY,
            survey_id TEXT NOT NULL REFERENCES surveys(id),
            node_id TEXT NOT NULL REFERENCES org_nodes(id),
            channel TEXT NOT NULL,
            language TEXT NOT NULL,
            age_band TEXT,
            gender TEXT,
            contact_type TEXT,
            call_type TEXT,
            expires_at TEXT NOT NULL,
            used_at TEXT,
            created_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX survey_tokens_expiry ON survey_tokens (expires_at)",
        """
        CREATE TABLE responses (
            id TEXT PRIMARY KEY,
            survey_id TEXT NOT NULL REFERENCES surveys(id),
            version_id TEXT NOT NULL REFERENCES survey_versions(id),
            node_id TEXT NOT NULL REFERENCES org_nodes(id),
            node_path TEXT NOT NULL,
            channel TEXT NOT NULL CHECK (channel IN ('sms', 'email', 'qr', 'kiosk', 'widget', 'web', 'paper', 'interview', 'phone')),
            language TEXT NOT NULL CHECK (language IN ('fi', 'sv', 'en')),
            age_band TEXT,
            gender TEXT,
            contact_type TEXT,
            call_type TEXT,
            submitted_on TEXT NOT NULL,
            submission_key TEXT UNIQUE
        )
        """,
        "CREATE INDEX responses_scope ON responses (survey_id, node_path, submitted_on)",
        """
        CREATE TABLE response_answers (
            response_id TEXT NOT NULL REFERENCES responses(id),
            question_key TEXT NOT NULL,
            value_number INTEGER,
            value_text TEXT,
            is_cant_say BOOLEAN NOT NULL DEFAULT FALSE,
            PRIMARY KEY (response_id, question_key)
        )
        """,
        // The national survey is in every database, published, with its frozen first version.
        """
        INSERT INTO surveys (id, code, kind, name_fi, name_sv, name_en, is_national, status, one_per_page, created_at, updated_at)
        VALUES ('00000000-0000-7000-8000-000000000001', '\(NationalSurvey.code)', 'regular', '\(NationalSurvey.name.fi)',
                '\(NationalSurvey.name.sv)', '\(NationalSurvey.name.en)', TRUE, 'published', FALSE,
                '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')
        """,
        """
        INSERT INTO survey_versions (id, survey_id, number, definition, created_at)
        VALUES ('00000000-0000-7000-8000-000000000002', '00000000-0000-7000-8000-000000000001', 1,
                '\(NationalSurvey.version1.replacingOccurrences(of: "'", with: "''"))', '2026-01-01T00:00:00.000Z')
        """,
    ]
}
