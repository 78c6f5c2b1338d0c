import KaikuCore

/// Reporting: rollups kept as answers arrive (per day for totals, per month for breakdowns by a
/// background variable, both for every node on a response's path), invitations counted the same
/// way for response rates, targets per node and question, and the phone-service survey.
let reporting009 = Migration(number: 9, name: "reporting") { kind in
    // SQLite keeps these tables in key order without a rowid: a report reads one node's range.
    let clustered = kind == .sqlite ? " WITHOUT ROWID" : ""
    return [
        """
        CREATE TABLE rollup_days (
            survey_id TEXT NOT NULL,
            node_id TEXT NOT NULL,
            day TEXT NOT NULL,
            question_key TEXT NOT NULL,
            value TEXT NOT NULL,
            answers INTEGER NOT NULL,
            PRIMARY KEY (survey_id, node_id, day, question_key, value)
        )
        """ + clustered,
        """
        CREATE TABLE rollup_months (
            survey_id TEXT NOT NULL,
            node_id TEXT NOT NULL,
            dimension TEXT NOT NULL,
            month TEXT NOT NULL,
            bucket TEXT NOT NULL,
            question_key TEXT NOT NULL,
            value TEXT NOT NULL,
            answers INTEGER NOT NULL,
            PRIMARY KEY (survey_id, node_id, dimension, month, bucket, question_key, value)
        )
        """ + clustered,
        // A live answer's counts wait here, one row per group commit, until they are folded into
        // the rollups (a second later, in one transaction): one insert on the answer path instead
        // of hundreds of updates, and nothing lost if the process stops between the two.
        "CREATE TABLE rollup_pending (id TEXT PRIMARY KEY, payload TEXT NOT NULL)",
        // Invitations sent (SMS, personal links) per day × node on the path × survey × channel ×
        // language × age band ("" when unknown), the denominator of response rates.
        """
        CREATE TABLE survey_invitations (
            survey_id TEXT NOT NULL,
            node_id TEXT NOT NULL,
            day TEXT NOT NULL,
            channel TEXT NOT NULL,
            language TEXT NOT NULL,
            age_band TEXT NOT NULL,
            invitations INTEGER NOT NULL,
            PRIMARY KEY (survey_id, node_id, day, channel, language, age_band)
        )
        """ + clustered,
        // A node's target for one question of a survey over a period (the county's OKR measures):
        // NPS points, a scale's mean or a yes-share in per cent, as the question's headline figure.
        """
        CREATE TABLE report_targets (
            id TEXT PRIMARY KEY,
            node_id TEXT NOT NULL REFERENCES org_nodes(id),
            survey_id TEXT NOT NULL REFERENCES surveys(id),
            question_key TEXT NOT NULL,
            starts_on TEXT NOT NULL,
            ends_on TEXT NOT NULL,
            target DOUBLE PRECISION NOT NULL,
            created_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX report_targets_node ON report_targets (node_id, survey_id, question_key)",
        """
        INSERT INTO surveys (id, code, kind, name_fi, name_sv, name_en, is_national, status, one_per_page, created_at, updated_at)
        VALUES ('00000000-0000-7000-8000-000000000003', '\(PhoneServiceSurvey.code)', 'regular', '\(PhoneServiceSurvey.name.fi)',
                '\(PhoneServiceSurvey.name.sv)', '\(PhoneServiceSurvey.name.en)', FALSE, 'published', FALSE,
                '2026-11-24T00:00:00.000Z', '2026-11-24T00:00:00.000Z')
        """,
        """
        INSERT INTO survey_versions (id, survey_id, number, definition, created_at)
        VALUES ('00000000-0000-7000-8000-000000000004', '00000000-0000-7000-8000-000000000003', 1,
                '\(PhoneServiceSurvey.version1.replacingOccurrences(of: "'", with: "''"))', '2026-11-24T00:00:00.000Z')
        """,
    ]
}
