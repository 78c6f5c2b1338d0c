/// Reports by email: who gets which node's report how often, and an HTML part for outbox
/// messages (the reports are tables; other mail stays plain text). Feedback cases get an index on
/// their receipt time, which the feedback report reads by period.
let reportMail010 = Migration(number: 10, name: "report_mail") { _ in
    [
        """
        CREATE TABLE report_subscriptions (
            id TEXT PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users(id),
            node_id TEXT NOT NULL REFERENCES org_nodes(id),
            survey_id TEXT NOT NULL REFERENCES surveys(id),
            frequency TEXT NOT NULL CHECK (frequency IN ('month', 'quarter', 'year')),
            language TEXT NOT NULL,
            created_by TEXT,
            created_at TEXT NOT NULL,
            UNIQUE (user_id, node_id, survey_id, frequency)
        )
        """,
        "CREATE INDEX report_subscriptions_node ON report_subscriptions (node_id)",
        "ALTER TABLE outbox ADD COLUMN html TEXT",
        "CREATE INDEX feedback_cases_received ON feedback_cases (received_at)",
    ]
}
