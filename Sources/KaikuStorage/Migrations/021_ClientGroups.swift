/// Every client group can answer (issue 28): who answered, the form's variant and whether staff
/// helped are kept with each response and broken down by in reports; a personal link may name the
/// variant its invitation chose; answers by SMS reply wait in `sms_replies` between the reply and
/// the follow-up. The months folded before get the new dimensions from the channel breakdown
/// (whose buckets partition every node's responses): who answered unknown, the standard form,
/// no help.
let clientGroups021 = Migration(number: 21, name: "client_groups") { _ in
    let boolean = "BOOLEAN NOT NULL DEFAULT FALSE"
    return [
        "ALTER TABLE responses ADD COLUMN respondent TEXT",
        "ALTER TABLE responses ADD COLUMN variant TEXT",
        "ALTER TABLE responses ADD COLUMN assisted \(boolean)",
        "ALTER TABLE survey_tokens ADD COLUMN variant TEXT",
    ] + [("respondent", ""), ("variant", "standard"), ("assistance", "independent")].map { dimension, bucket in
        """
        INSERT INTO rollup_months (survey_id, node_id, dimension, month, bucket, question_key, value, answers)
        SELECT survey_id, node_id, '\(dimension)', month, '\(bucket)', question_key, value, SUM(answers) FROM rollup_months
        WHERE dimension = 'channel' GROUP BY survey_id, node_id, month, question_key, value
        """
    } + [
        // An invitation that may be answered by replying: the number only as a keyed hash, the
        // link by its token's hash. A reply's score waits here (with `follow_up_until`) for the
        // open question's answer; the response is stored without either, and the row deleted.
        """
        CREATE TABLE sms_replies (
            phone_key TEXT NOT NULL,
            token_hash TEXT NOT NULL,
            score INTEGER,
            helped \(boolean),
            expires_at TEXT NOT NULL,
            follow_up_until TEXT,
            created_at TEXT NOT NULL,
            PRIMARY KEY (phone_key, token_hash)
        )
        """,
        "CREATE INDEX sms_replies_follow_up ON sms_replies (follow_up_until)",
    ]
}
