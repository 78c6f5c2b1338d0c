/// The survey designer and short-term survey requests: whom a survey is for and through which
/// channels (for the overlap warning), and the request form that staff send to admins.
let surveyDesigner007 = Migration(number: 7, name: "survey designer") { _ in
    [
        "ALTER TABLE surveys ADD COLUMN audience TEXT NOT NULL DEFAULT 'all'",
        "ALTER TABLE surveys ADD COLUMN channels TEXT NOT NULL DEFAULT ''",
        "UPDATE surveys SET channels = 'sms,email,qr,kiosk,web,paper,interview,phone' WHERE is_national = TRUE",
        """
        CREATE TABLE survey_requests (
            id TEXT PRIMARY KEY,
            requested_by TEXT NOT NULL REFERENCES users(id),
            node_id TEXT NOT NULL REFERENCES org_nodes(id),
            node_path TEXT NOT NULL,
            title TEXT NOT NULL,
            purpose TEXT NOT NULL,
            goal TEXT NOT NULL,
            audience TEXT NOT NULL,
            channels TEXT NOT NULL,
            starts_on TEXT NOT NULL,
            ends_on TEXT NOT NULL,
            draft_questions TEXT NOT NULL,
            results_use TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('submitted', 'accepted', 'returned')),
            decision_note TEXT NOT NULL DEFAULT '',
            decided_by TEXT REFERENCES users(id),
            decided_at TEXT,
            survey_id TEXT REFERENCES surveys(id),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX survey_requests_status ON survey_requests (status, created_at)",
        "CREATE INDEX survey_requests_requester ON survey_requests (requested_by, created_at)",
    ]
}
