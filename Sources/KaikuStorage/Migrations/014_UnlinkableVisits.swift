/// Nothing joins an SMS answer to its visit (disclosure control). A decided visit leaves the
/// visits table; what the rules still need is kept apart: the keyed hash of its id (so importing it
/// again is skipped), its day and decision, and the id only of an exclusion, which no answer can
/// follow. The invitation's outbox key becomes that hash too, and an analysis is dated to its day
/// (the minute an open answer was analysed told when it arrived).
/// Visits decided before this migration are forgotten here, since their ids cannot be hashed in
/// SQL: importing one again finds its person invited within the 30 days and excludes it.
let unlinkableVisits014 = Migration(number: 14, name: "unlinkable_visits") { _ in
    [
        """
        CREATE TABLE visit_decisions (
            visit_key TEXT PRIMARY KEY,
            visit_ref TEXT,
            send_on TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('sent', 'excluded')),
            reason TEXT,
            decided_on TEXT NOT NULL
        )
        """,
        "CREATE INDEX visit_decisions_send_on ON visit_decisions (send_on)",
        "DELETE FROM visits WHERE status <> 'pending'",
        "UPDATE outbox SET idempotency_key = 'visit-decided:' || id WHERE idempotency_key LIKE 'visit:%'",
        "UPDATE text_analyses SET analysed_at = substr(analysed_at, 1, 10) || 'T00:00:00.000Z'",
    ]
}
