/// A correction teaches later analyses only within its corrector's reach, the county's only once a
/// county-level reviewer accepts it (disclosure control: one unit's reader steered everyone's
/// analysis). Corrections made before this migration teach nothing until accepted: their
/// correctors' reach was not recorded ("-" is a prefix of no path).
let scopedCorrections015 = Migration(number: 15, name: "scoped_corrections") { _ in
    [
        "ALTER TABLE text_corrections ADD COLUMN scope_path TEXT NOT NULL DEFAULT '-'",
        "ALTER TABLE text_corrections ADD COLUMN accepted_by TEXT",
        "ALTER TABLE text_corrections ADD COLUMN accepted_at TEXT",
    ]
}
