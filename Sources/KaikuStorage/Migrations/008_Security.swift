/// The security review (docs/SECURITY.md): who owns a draft survey, whom an outgoing message is
/// for and where it belongs, used personal links kept apart from anything a response can be
/// matched with, the customer's refusal of publication, scoped API keys, and answer bursts.
let security008 = Migration(number: 8, name: "security review") { kind in
    [
        // The scope of the admin who created a survey: a draft without targets is theirs.
        "ALTER TABLE surveys ADD COLUMN owner_path TEXT",
        // Which messages go to customers (masked on the outbox page) and which node they concern.
        "ALTER TABLE outbox ADD COLUMN audience TEXT NOT NULL DEFAULT 'customer' CHECK (audience IN ('staff', 'customer'))",
        "ALTER TABLE outbox ADD COLUMN scope_path TEXT",
        // A used personal link keeps only the hash of its token: no survey, unit, background,
        // creation time or day of use that could be matched with a response. Without a rowid
        // (SQLite), rows are kept in hash order, not in the order links were used.
        "CREATE TABLE survey_tokens_used (token_hash TEXT PRIMARY KEY)" + (kind == .sqlite ? " WITHOUT ROWID" : ""),
        "INSERT INTO survey_tokens_used (token_hash) SELECT token_hash FROM survey_tokens WHERE used_at IS NOT NULL",
        "DELETE FROM survey_tokens WHERE used_at IS NOT NULL",
        // The customer may forbid publishing anything of their feedback on the public wall.
        "ALTER TABLE feedback_cases ADD COLUMN no_publication BOOLEAN NOT NULL DEFAULT FALSE",
        // An API key posts only to the units under its scope and to the surveys it names;
        // keys made before scopes existed have none and are refused until replaced.
        "ALTER TABLE api_keys ADD COLUMN scope_node_ids TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE api_keys ADD COLUMN survey_codes TEXT NOT NULL DEFAULT ''",
        // Answers refused as a burst from one client or on one link, per day, for the admin's list.
        """
        CREATE TABLE answer_bursts (
            day TEXT NOT NULL,
            survey_id TEXT NOT NULL REFERENCES surveys(id),
            node_id TEXT NOT NULL REFERENCES org_nodes(id),
            channel TEXT NOT NULL,
            refused INTEGER NOT NULL,
            PRIMARY KEY (day, survey_id, node_id, channel)
        )
        """,
    ]
}
