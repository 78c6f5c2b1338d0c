/// Text analytics: each open answer and feedback case analysed once (and again when the analyser
/// or the county's topic rules change), with the topics in their own table so reports can count
/// and filter by topic and its sentiment. A handler's correction (or confirmation) is kept with
/// what the analyser said, for the learning layer and the agreement page; the effective labels
/// (corrected where corrected) are the ones in `text_analyses` and `text_topics`.
let textAnalytics012 = Migration(number: 12, name: "text_analytics") { _ in
    [
        """
        CREATE TABLE text_analyses (
            subject_type TEXT NOT NULL CHECK (subject_type IN ('answer', 'case')),
            subject_id TEXT NOT NULL,
            question_key TEXT NOT NULL DEFAULT '',
            language TEXT NOT NULL,
            sentiment TEXT NOT NULL CHECK (sentiment IN ('positive', 'negative', 'neutral', 'mixed')),
            score REAL NOT NULL,
            topics TEXT NOT NULL DEFAULT '',
            predicted_sentiment TEXT NOT NULL,
            predicted_topics TEXT NOT NULL DEFAULT '',
            analyser_version TEXT NOT NULL,
            analysed_at TEXT NOT NULL,
            corrected_by TEXT REFERENCES users(id),
            corrected_at TEXT,
            PRIMARY KEY (subject_type, subject_id, question_key)
        )
        """,
        "CREATE INDEX text_analyses_version ON text_analyses (analyser_version)",
        """
        CREATE TABLE text_topics (
            subject_type TEXT NOT NULL,
            subject_id TEXT NOT NULL,
            question_key TEXT NOT NULL DEFAULT '',
            topic TEXT NOT NULL,
            sentiment TEXT NOT NULL,
            PRIMARY KEY (subject_type, subject_id, question_key, topic)
        )
        """,
        "CREATE INDEX text_topics_topic ON text_topics (topic, sentiment)",
        """
        CREATE TABLE text_corrections (
            id TEXT PRIMARY KEY,
            subject_type TEXT NOT NULL,
            subject_id TEXT NOT NULL,
            question_key TEXT NOT NULL DEFAULT '',
            language TEXT NOT NULL,
            predicted_sentiment TEXT NOT NULL,
            predicted_topics TEXT NOT NULL,
            sentiment TEXT NOT NULL,
            topics TEXT NOT NULL,
            features TEXT NOT NULL,
            user_id TEXT NOT NULL REFERENCES users(id),
            created_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX text_corrections_created ON text_corrections (created_at)",
        """
        CREATE TABLE topic_rules (
            id TEXT PRIMARY KEY,
            topic TEXT NOT NULL,
            language TEXT NOT NULL CHECK (language IN ('fi', 'sv', 'en')),
            term TEXT NOT NULL,
            created_by TEXT REFERENCES users(id),
            created_at TEXT NOT NULL,
            UNIQUE (topic, language, term)
        )
        """,
    ]
}
