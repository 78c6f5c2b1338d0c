/// Keys for integrations (phone IVR, other systems) that send responses to the ingest API.
/// Only a hash of each key is stored.
let apiKeys004 = Migration(number: 4, name: "api_keys") { _ in
    [
        """
        CREATE TABLE api_keys (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            key_hash TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            revoked_at TEXT
        )
        """,
    ]
}
