/// Closing a case used to set its answered time, so a case closed without the reply its customer
/// asked for counted as answered on time. Only a reply or a recorded contact answers a case now
/// (`FeedbackFigures`); cases answered by closing alone lose that time.
let honestPromise017 = Migration(number: 17, name: "honest_promise") { _ in
    [
        """
        UPDATE feedback_cases SET answered_at = NULL
        WHERE answered_at IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = feedback_cases.id AND e.kind IN ('replied', 'phoned', 'met'))
        """,
    ]
}
