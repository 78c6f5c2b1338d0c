/// Whether survey invitations name the units under a node (`SMSNaming`): set by the admin where
/// the default (not for sensitive services) does not fit.
let smsUnitNaming018 = Migration(number: 18, name: "sms_unit_naming") { _ in
    [
        """
        CREATE TABLE sms_unit_naming (
            node_id TEXT PRIMARY KEY REFERENCES org_nodes(id),
            names_unit BOOLEAN NOT NULL,
            updated_at TEXT NOT NULL
        )
        """,
    ]
}
