/// Organisation, people, sessions, audit log, editable pages and the job table.
/// Instants are UTC text (`Timestamp`), days are `YYYY-MM-DD`, ids are UUIDv7 text.
let foundation001 = Migration(number: 1, name: "foundation") { kind in
    var statements = [
        """
        CREATE TABLE org_nodes (
            id TEXT PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            parent_id TEXT REFERENCES org_nodes(id),
            level TEXT NOT NULL CHECK (level IN ('county', 'division', 'result_area', 'unit', 'service_point')),
            path TEXT NOT NULL UNIQUE,
            name_fi TEXT NOT NULL,
            name_sv TEXT NOT NULL DEFAULT '',
            name_en TEXT NOT NULL DEFAULT '',
            valid_from TEXT,
            valid_to TEXT,
            oid TEXT,
            search_text TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX org_nodes_parent ON org_nodes (parent_id)",
        """
        CREATE TABLE users (
            id TEXT PRIMARY KEY,
            email TEXT NOT NULL UNIQUE,
            display_name TEXT NOT NULL,
            password_hash TEXT NOT NULL,
            must_change_password BOOLEAN NOT NULL DEFAULT FALSE,
            is_active BOOLEAN NOT NULL DEFAULT TRUE,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE grants (
            id TEXT PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users(id),
            role TEXT NOT NULL CHECK (role IN ('admin', 'handler', 'reporter', 'staff')),
            node_id TEXT NOT NULL REFERENCES org_nodes(id),
            created_at TEXT NOT NULL,
            UNIQUE (user_id, role, node_id)
        )
        """,
        "CREATE INDEX grants_node ON grants (node_id)",
        """
        CREATE TABLE login_failures (
            email TEXT PRIMARY KEY,
            failures INTEGER NOT NULL,
            last_failure_at TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE sessions (
            token_hash TEXT PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users(id),
            csrf_token TEXT NOT NULL,
            created_at TEXT NOT NULL,
            last_seen_at TEXT NOT NULL,
            expires_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX sessions_user ON sessions (user_id)",
        "CREATE INDEX sessions_expires ON sessions (expires_at)",
        """
        CREATE TABLE audit_log (
            id TEXT PRIMARY KEY,
            at TEXT NOT NULL,
            actor_id TEXT,
            actor_email TEXT,
            action TEXT NOT NULL,
            target_type TEXT,
            target_id TEXT,
            detail TEXT NOT NULL DEFAULT '',
            ip TEXT
        )
        """,
        "CREATE INDEX audit_log_at ON audit_log (at)",
        "CREATE INDEX audit_log_target ON audit_log (target_type, target_id)",
        """
        CREATE TABLE pages (
            slug TEXT NOT NULL,
            language TEXT NOT NULL CHECK (language IN ('fi', 'sv', 'en')),
            title TEXT NOT NULL,
            body TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            updated_by TEXT,
            PRIMARY KEY (slug, language)
        )
        """,
        """
        CREATE TABLE jobs (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            unique_key TEXT UNIQUE,
            payload TEXT NOT NULL DEFAULT '',
            run_at TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            leased_by TEXT,
            leased_until TEXT,
            last_error TEXT,
            done_at TEXT,
            created_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX jobs_due ON jobs (done_at, run_at)",
    ]
    // The audit log is append-only in the database itself, not only by convention.
    switch kind {
    case .sqlite:
        statements += [
            "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
            "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
        ]
    case .postgres:
        statements += [
            """
            CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$
            """,
            "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
        ]
    }
    return statements
}
