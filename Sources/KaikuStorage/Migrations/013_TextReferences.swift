/// An opaque reference for each analysed text, so a reader can correct the analysis of an open
/// answer from the report's list of texts without the list ever carrying the response's id:
/// the id would link the answer to the other answers committed with it (`Identifier.makeRandom`),
/// and two open answers of one response would share it. The reference is random per text.
let textReferences013 = Migration(number: 13, name: "text_references") { kind in
    let random = kind == .sqlite ? "lower(hex(randomblob(16)))" : "replace(gen_random_uuid()::text, '-', '')"
    return [
        "ALTER TABLE text_analyses ADD COLUMN reference TEXT",
        "UPDATE text_analyses SET reference = \(random)",
        "CREATE UNIQUE INDEX text_analyses_reference ON text_analyses (reference)",
    ]
}
