import KaikuCore

/// SMS invitations after visits. A visit keeps the person reference, phone numbers and birth date
/// only until it is decided (sent or excluded); after that only keyed hashes remain, for the
/// 30-day rule (`sms_recipients`) and refusals (`sms_refusals`), and the visit row itself is
/// purged after the retention period. Surveys may limit their SMS audience to contact types, and
/// outbox messages record the gateway's delivery report.
let sms011 = Migration(number: 11, name: "sms") { _ in
    [
        """
        CREATE TABLE visits (
            visit_id TEXT PRIMARY KEY,
            person_key TEXT NOT NULL,
            person_ref TEXT,
            phone TEXT,
            birth_date TEXT,
            age_band TEXT,
            language TEXT NOT NULL,
            service_point_code TEXT NOT NULL,
            contact_type TEXT,
            call_type TEXT,
            visit_start TEXT NOT NULL,
            visit_end TEXT NOT NULL,
            e_service_consent BOOLEAN NOT NULL,
            non_disclosure BOOLEAN NOT NULL,
            sms_opt_out BOOLEAN NOT NULL,
            send_on TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'excluded')),
            reason TEXT,
            survey_id TEXT,
            node_id TEXT,
            source TEXT NOT NULL,
            imported_at TEXT NOT NULL,
            decided_at TEXT
        )
        """,
        "CREATE INDEX visits_due ON visits (status, send_on)",
        "CREATE INDEX visits_imported ON visits (imported_at)",
        "CREATE TABLE sms_recipients (person_key TEXT PRIMARY KEY, last_invited_on TEXT NOT NULL)",
        "CREATE TABLE sms_refusals (phone_key TEXT PRIMARY KEY, source TEXT NOT NULL, created_at TEXT NOT NULL)",
        "CREATE TABLE sms_optout_codes (code_hash TEXT PRIMARY KEY, phone_key TEXT NOT NULL, expires_at TEXT NOT NULL)",
        "CREATE TABLE sms_texts (language TEXT PRIMARY KEY, body TEXT NOT NULL, updated_at TEXT NOT NULL)",
        "ALTER TABLE surveys ADD COLUMN sms_contact_types TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE outbox ADD COLUMN delivery_status TEXT",
        "ALTER TABLE outbox ADD COLUMN delivered_at TEXT",
        "CREATE INDEX outbox_channel_due ON outbox (channel, sent_at, next_attempt_at)",
        // Seed 003: the phone service's survey goes by SMS after phone contacts only.
        "UPDATE surveys SET channels = 'sms,phone', sms_contact_types = 'phone' WHERE code = '\(PhoneServiceSurvey.code)' AND channels = ''",
    ]
}
