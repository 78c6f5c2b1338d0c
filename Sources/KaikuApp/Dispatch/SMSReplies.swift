import Foundation
import KaikuCore
import KaikuStorage
import SQLKit

/// Answering by replying to the invitation (issue 28, docs/SMS.md "Answering by reply"): the
/// gateway's inbound messages become anonymous answers of the invitation's survey and unit. A
/// score waits (with the number's keyed hash, never the number) for one follow-up question's
/// answer; the response is then stored like a link's, without the number or the link, and the
/// link is used up, so a second reply or the link itself counts nothing more.
extension SMSDispatch {
    public enum ReplyOutcome: String, Sendable {
        /// A score (and the open answer) stored as a response.
        case answered
        /// A score waits for the follow-up question's answer, which was sent.
        case asked
        /// Further surveys refused.
        case refused
        /// The reply could not be read; one message said how to answer.
        case helped
        /// Nothing to answer: an unknown number, an expired or answered invitation, a second reply.
        case ignored
    }

    /// The events of messages answering a customer's reply (`sms_reply_…`), sent outside the window too.
    public static let replyEventPrefix = "sms_reply_"

    /// How long the follow-up question waits; then the score is stored alone.
    public static let followUpHours = 24.0

    /// Surveys whose invitations can be answered by reply: the latest version opens with the
    /// 0–10 question.
    static func replyable(_ surveys: [SurveyRepository.Survey], _ sql: any SQLDatabase) async throws -> Set<String> {
        var found: Set<String> = []
        for survey in surveys {
            if try await SurveyRepository(sql).latestVersion(surveyID: survey.id)?.definition.questions.first?.type == .nps { found.insert(survey.id) }
        }
        return found
    }

    public func receiveReply(from sender: String, text: String) async throws -> ReplyOutcome {
        guard let number = PhoneNumber.finnishMobile(sender) else { return .ignored }
        let now = clock.now()
        let phoneKey = try await SMSKeys.load(database.sql, now: now).phone(number)
        let kind = database.kind
        return try await database.transaction { [self] db in
            let replies = SMSReplyRepository(db)
            switch SMSReply.read(text) {
            case .refusal:
                // The confirmation in the invitation's language; a score given before the refusal is still an answer.
                var language = Language.fi
                let waiting = try await replies.awaitingText(phoneKey: phoneKey, now: now)
                var slot = waiting
                if slot == nil { slot = try await replies.awaitingScore(phoneKey: phoneKey, now: now) }
                if let slot, let link = try await SurveyRepository(db).link(tokenHash: slot.tokenHash) {
                    language = link.language
                }
                if let waiting { _ = try await store(waiting, text: nil, phoneKey: phoneKey, now: now, kind: kind, db) }
                try await replies.deleteAll(phoneKey: phoneKey)
                try await SMSRepository(db).refuse(phoneKey: phoneKey, source: "reply", now: now)
                try await reply(catalog.text("sms_reply_refused", language), to: number, event: "sms_reply_refused:" + phoneKey, now: now, db)
                return .refused
            case .score(let score):
                guard let slot = try await replies.awaitingScore(phoneKey: phoneKey, now: now) else { return .ignored }
                guard let found = try await answerable(tokenHash: slot.tokenHash, kind: kind, db),
                      found.version.definition.questions.first?.type == .nps else {
                    try await replies.delete(phoneKey: phoneKey, tokenHash: slot.tokenHash)
                    return .ignored
                }
                let link = found.link
                if let followUp = Self.followUp(found.version.definition, score: score) {
                    try await replies.setScore(score, phoneKey: phoneKey, tokenHash: slot.tokenHash,
                                               followUpUntil: now.addingTimeInterval(Self.followUpHours * 3600))
                    let question = followUp.text[link.language]
                    try await reply(catalog.format("sms_reply_follow_up", link.language, ["question": question]), to: number,
                                    event: "sms_reply_follow_up:" + slot.tokenHash, now: now, db)
                    return .asked
                }
                let scored = SMSReplyRepository.Slot(tokenHash: slot.tokenHash, score: score, helped: slot.helped)
                return try await store(scored, text: nil, phoneKey: phoneKey, found: found, now: now, kind: kind, db) ? .answered : .ignored
            case .text(let words):
                if let waiting = try await replies.awaitingText(phoneKey: phoneKey, now: now) {
                    return try await store(waiting, text: words, phoneKey: phoneKey, now: now, kind: kind, db) ? .answered : .ignored
                }
                guard let slot = try await replies.awaitingScore(phoneKey: phoneKey, now: now), !slot.helped,
                      let link = try await SurveyRepository(db).link(tokenHash: slot.tokenHash) else { return .ignored }
                try await replies.setHelped(phoneKey: phoneKey, tokenHash: slot.tokenHash)
                try await reply(catalog.text("sms_reply_help", link.language), to: number, event: "sms_reply_help:" + slot.tokenHash, now: now, db)
                return .helped
            }
        }
    }

    /// Stores the scores whose follow-up question went unanswered (the dispatch job, every few minutes).
    @discardableResult
    public func finishReplies() async throws -> Int {
        let now = clock.now()
        let kind = database.kind
        var stored = 0
        for (phoneKey, slot) in try await SMSReplyRepository(database.sql).unanswered(now: now) {
            stored += try await database.transaction { [self] db in
                try await store(slot, text: nil, phoneKey: phoneKey, now: now, kind: kind, db) ? 1 : 0
            }
        }
        return stored
    }

    /// The open question a score leads to: the first free-text question after the 0–10 one that
    /// the score shows (a detractor's and a promoter's may differ).
    static func followUp(_ definition: SurveyDefinition, score: Int) -> Question? {
        guard let first = definition.questions.first else { return nil }
        let answers: [String: AnswerValue] = [first.key: .number(score)]
        return definition.questions.dropFirst().first { $0.type == .freeText && SurveyAnswers.isShown($0, answers: answers) }
    }

    /// An unused link (locked for the transaction), with the survey version it answers and its
    /// unit, while the survey is open there.
    struct Answerable {
        let link: SurveyRepository.Link
        let version: SurveyRepository.Version
        let node: OrgNode
    }

    func answerable(tokenHash: String, kind: KaikuDatabase.Kind, _ db: any SQLDatabase) async throws -> Answerable? {
        let surveys = SurveyRepository(db)
        guard let link = try await surveys.link(tokenHash: tokenHash, forUpdate: true, kind: kind),
              let survey = try await surveys.survey(id: link.surveyID), let version = try await surveys.latestVersion(surveyID: link.surveyID),
              let node = try await OrgRepository(db).node(id: link.nodeID) else { return nil }
        let today = CalendarDay(clock.now())
        guard survey.isOpen(on: today), node.spec.isActive(on: today), try await surveys.runs(surveyID: survey.id, at: node) else { return nil }
        return Answerable(link: link, version: version, node: node)
    }

    /// The reply's response, in the transaction that forgets the reply and uses up the link;
    /// false when the link was answered another way meanwhile (nothing is counted twice).
    /// `found`: the link as the caller already looked it up in this transaction.
    func store(_ slot: SMSReplyRepository.Slot, text: String?, phoneKey: String, found: Answerable? = nil, now: Date, kind: KaikuDatabase.Kind,
               _ db: any SQLDatabase) async throws -> Bool {
        guard try await SMSReplyRepository(db).delete(phoneKey: phoneKey, tokenHash: slot.tokenHash), let score = slot.score else { return false }
        var found = found
        if found == nil { found = try await answerable(tokenHash: slot.tokenHash, kind: kind, db) }
        guard let (link, version, node) = found.map({ ($0.link, $0.version, $0.node) }),
              let first = version.definition.questions.first else { return false }
        var answers: [String: AnswerValue] = [first.key: .number(score)]
        if let text, let followUp = Self.followUp(version.definition, score: score) {
            // A text message's line breaks are its writer's; other control characters are not words.
            let words = String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\n" || $0 == "\r" || $0 == "\t" ? " " : $0 }
                .filter { !CharacterSet.controlCharacters.contains($0) }))
            answers[followUp.key] = .text(String(words.prefix(SurveyAnswers.maxTextLength)).trimmed)
        }
        try await SurveyRepository(db).markUsed(tokenHash: slot.tokenHash)
        return try await SurveyRepository(db).insert(
            SurveyRepository.NewResponse(surveyID: link.surveyID, versionID: version.id, node: node, channel: .sms, language: link.language,
                                         background: link.background, submissionKey: nil),
            answers: answers, now: now)
    }

    /// One message back to the number, through the outbox like every message.
    func reply(_ text: String, to number: String, event: String, now: Date, _ db: any SQLDatabase) async throws {
        try await Notifier(db).send(Notice(channel: .sms, to: number, subject: "", body: text, audience: .customer, scopePath: nil, event: event),
                                    now: now)
    }
}
