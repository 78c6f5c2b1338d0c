/// Each node's whole months without a breakdown: a month's, quarter's or year's figures and the
/// disclosure plan's group sizes read these instead of summing a dimension's buckets or a month of
/// days (docs/BENCHMARKS.md, the attention list at 10 million answers). Filled from the channel
/// breakdown, whose buckets partition every node's responses.
let monthTotals016 = Migration(number: 16, name: "month_totals") { kind in
    [
        """
        CREATE TABLE rollup_month_totals (
            survey_id TEXT NOT NULL,
            node_id TEXT NOT NULL,
            month TEXT NOT NULL,
            question_key TEXT NOT NULL,
            value TEXT NOT NULL,
            answers INTEGER NOT NULL,
            PRIMARY KEY (survey_id, node_id, month, question_key, value)
        )
        """ + (kind == .sqlite ? " WITHOUT ROWID" : ""),
        """
        INSERT INTO rollup_month_totals (survey_id, node_id, month, question_key, value, answers)
        SELECT survey_id, node_id, month, question_key, value, SUM(answers) FROM rollup_months
        WHERE dimension = 'channel' GROUP BY survey_id, node_id, month, question_key, value
        """,
    ]
}
