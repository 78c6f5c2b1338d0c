/// A node of a service area may be offered on the feedback form as one entry ("Suun
/// terveydenhuolto") instead of each unit under it (seed 000: not every oral health unit needs to
/// be on the menu); its feedback goes to that node's handlers.
let groupedEntries019 = Migration(number: 19, name: "grouped_entries") { _ in
    ["ALTER TABLE service_area_nodes ADD COLUMN as_one_entry BOOLEAN NOT NULL DEFAULT FALSE"]
}
