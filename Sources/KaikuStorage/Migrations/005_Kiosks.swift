/// Feedback kiosks (palautelaitteet): a tablet registered for one unit and survey, reached by a
/// secret link whose hash only is stored.
let kiosks005 = Migration(number: 5, name: "kiosks") { _ in
    [
        """
        CREATE TABLE kiosk_devices (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            node_id TEXT NOT NULL REFERENCES org_nodes(id),
            survey_id TEXT NOT NULL REFERENCES surveys(id),
            token_hash TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            revoked_at TEXT
        )
        """,
    ]
}
