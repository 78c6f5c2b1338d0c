/// Free-form feedback: service areas, cases and their timeline, contact data kept apart so that
/// access and erasure are explicit, reply phrases, the email outbox, the public wall, settings.
let feedback002 = Migration(number: 2, name: "feedback") { _ in
    [
        """
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE service_areas (
            id TEXT PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            name_fi TEXT NOT NULL,
            name_sv TEXT NOT NULL DEFAULT '',
            name_en TEXT NOT NULL DEFAULT '',
            help_fi TEXT NOT NULL DEFAULT '',
            help_sv TEXT NOT NULL DEFAULT '',
            help_en TEXT NOT NULL DEFAULT '',
            promise_days INTEGER,
            sort_order INTEGER NOT NULL DEFAULT 0,
            is_active BOOLEAN NOT NULL DEFAULT TRUE,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE service_area_nodes (
            service_area_id TEXT NOT NULL REFERENCES service_areas(id),
            node_id TEXT NOT NULL REFERENCES org_nodes(id),
            PRIMARY KEY (service_area_id, node_id)
        )
        """,
        """
        CREATE TABLE feedback_cases (
            id TEXT PRIMARY KEY,
            reference TEXT NOT NULL UNIQUE,
            service_area_id TEXT NOT NULL REFERENCES service_areas(id),
            target_node_id TEXT NOT NULL REFERENCES org_nodes(id),
            handling_node_id TEXT NOT NULL REFERENCES org_nodes(id),
            handling_path TEXT NOT NULL,
            is_triage BOOLEAN NOT NULL DEFAULT FALSE,
            kind TEXT NOT NULL CHECK (kind IN ('praise', 'criticism', 'idea', 'question')),
            status TEXT NOT NULL CHECK (status IN ('new', 'in_progress', 'waiting', 'answered', 'closed')),
            source TEXT NOT NULL CHECK (source IN ('web', 'oral', 'written')),
            recording_channel TEXT,
            recorded_by TEXT REFERENCES users(id),
            language TEXT NOT NULL,
            body TEXT NOT NULL,
            wants_reply BOOLEAN NOT NULL,
            has_contact BOOLEAN NOT NULL,
            assignee_id TEXT REFERENCES users(id),
            received_at TEXT NOT NULL,
            due_at TEXT NOT NULL,
            reminded_at TEXT,
            escalated_at TEXT,
            answered_at TEXT,
            closed_at TEXT,
            formal_process TEXT,
            effects TEXT NOT NULL DEFAULT '',
            effect_description TEXT NOT NULL DEFAULT '',
            submission_key TEXT UNIQUE,
            search_text TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX feedback_cases_path ON feedback_cases (handling_path)",
        "CREATE INDEX feedback_cases_due ON feedback_cases (status, due_at)",
        """
        CREATE TABLE feedback_contacts (
            case_id TEXT PRIMARY KEY REFERENCES feedback_cases(id),
            email TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            erase_after TEXT,
            erased_at TEXT
        )
        """,
        """
        CREATE TABLE case_events (
            id TEXT PRIMARY KEY,
            case_id TEXT NOT NULL REFERENCES feedback_cases(id),
            at TEXT NOT NULL,
            actor_id TEXT REFERENCES users(id),
            kind TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            data TEXT NOT NULL DEFAULT ''
        )
        """,
        "CREATE INDEX case_events_case ON case_events (case_id, at)",
        """
        CREATE TABLE case_shares (
            case_id TEXT NOT NULL REFERENCES feedback_cases(id),
            user_id TEXT NOT NULL REFERENCES users(id),
            shared_by TEXT REFERENCES users(id),
            shared_at TEXT NOT NULL,
            PRIMARY KEY (case_id, user_id)
        )
        """,
        """
        CREATE TABLE reply_phrases (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            body_fi TEXT NOT NULL,
            body_sv TEXT NOT NULL,
            body_en TEXT NOT NULL,
            sort_order INTEGER NOT NULL DEFAULT 0,
            is_active BOOLEAN NOT NULL DEFAULT TRUE,
            updated_at TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE outbox (
            id TEXT PRIMARY KEY,
            channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
            idempotency_key TEXT NOT NULL UNIQUE,
            recipient TEXT NOT NULL,
            subject TEXT NOT NULL DEFAULT '',
            body TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at TEXT NOT NULL,
            leased_until TEXT,
            last_error TEXT,
            sent_at TEXT,
            created_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX outbox_due ON outbox (sent_at, next_attempt_at)",
        """
        CREATE TABLE wall_entries (
            id TEXT PRIMARY KEY,
            case_id TEXT REFERENCES feedback_cases(id),
            node_id TEXT NOT NULL REFERENCES org_nodes(id),
            node_path TEXT NOT NULL,
            language TEXT NOT NULL,
            you_said TEXT NOT NULL,
            we_did TEXT NOT NULL,
            published_at TEXT NOT NULL,
            published_by TEXT REFERENCES users(id)
        )
        """,
        "CREATE INDEX wall_entries_path ON wall_entries (node_path, published_at)",
        """
        CREATE TABLE rate_counters (
            key TEXT NOT NULL,
            window_start TEXT NOT NULL,
            count INTEGER NOT NULL,
            PRIMARY KEY (key, window_start)
        )
        """,
    ]
}
