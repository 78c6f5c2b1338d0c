/// An objection or a complaint is handed to the county's objection handling and tracked there
/// until it is decided (issue 27, item 2): where it stands and when it was decided. Cases
/// escalated before were only labelled; they count as handed over.
let formalHandover020 = Migration(number: 20, name: "formal_handover") { _ in
    [
        "ALTER TABLE feedback_cases ADD COLUMN formal_status TEXT",
        "ALTER TABLE feedback_cases ADD COLUMN formal_decided_at TEXT",
        "UPDATE feedback_cases SET formal_status = 'handed_over' WHERE formal_process IS NOT NULL",
    ]
}
