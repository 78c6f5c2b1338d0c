/// "Did you find what you needed?" answers from the widget on the county's web pages, per page.
let widget006 = Migration(number: 6, name: "widget") { _ in
    [
        """
        CREATE TABLE widget_answers (
            id TEXT PRIMARY KEY,
            page_url TEXT NOT NULL,
            node_id TEXT REFERENCES org_nodes(id),
            service_area_id TEXT REFERENCES service_areas(id),
            found BOOLEAN NOT NULL,
            comment TEXT NOT NULL DEFAULT '',
            language TEXT NOT NULL,
            submitted_on TEXT NOT NULL
        )
        """,
        "CREATE INDEX widget_answers_page ON widget_answers (page_url, submitted_on)",
    ]
}
