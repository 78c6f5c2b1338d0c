import ArgumentParser
import Foundation
import KaikuApp
import KaikuCore
import KaikuStorage
import Logging

@main
struct Kaiku: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kaiku",
        abstract: "Kaiku: customer-feedback management for Finnish wellbeing services counties.",
        discussion: """
            Data is kept in an embedded SQLite file (kaiku-data/kaiku.sqlite) unless KAIKU_DATABASE_URL
            or --database names a PostgreSQL server (postgres://user:pass@host:port/db).
            """,
        subcommands: [Serve.self, Migrate.self, Demo.self, Org.self, UserCommand.self, SurveyCommand.self, ReportCommand.self, ResponsesCommand.self, ApiKeyCommand.self, TranslationCommand.self, VisitsCommand.self, DispatchCommand.self, TextCommand.self, Backup.self, BenchReports.self])
}

/// What Kaiku writes holds personal data (the database and its WAL, backups, development mail
/// and SMS files): nothing it creates is readable by other users of the machine, and a data
/// directory made by an earlier version, readable by all, is closed too.
func keepDataPrivate(_ configuration: AppConfiguration) {
    umask(0o077)
    var status = stat()
    if stat(configuration.dataDirectory, &status) == 0, status.st_mode & 0o077 != 0 {
        chmod(configuration.dataDirectory, 0o700)
    }
    for suffix in ["", "-wal", "-shm"] where stat(configuration.sqlitePath + suffix, &status) == 0 && status.st_mode & 0o077 != 0 {
        chmod(configuration.sqlitePath + suffix, status.st_mode & 0o700)
    }
}

/// A command that reads or changes data was pointed at an embedded database that does not exist.
struct NoDatabase: Error, CustomStringConvertible {
    let path: String
    var description: String {
        "There is no database at \(path). Set KAIKU_DATA_DIR (or --data-dir, --database) to where Kaiku keeps its data, or create one with `kaiku migrate` (or `kaiku demo`)."
    }
}

/// Options every command that touches the database shares.
struct DatabaseOptions: ParsableArguments {
    @Option(help: "Database URL: postgres://user:pass@host:port/db, or a SQLite file path. Default: KAIKU_DATABASE_URL, else kaiku-data/kaiku.sqlite.")
    var database: String?

    @Option(help: "Directory for the embedded database (default: KAIKU_DATA_DIR or kaiku-data).")
    var dataDir: String?

    func configuration() -> AppConfiguration {
        var configuration = AppConfiguration.fromEnvironment()
        if let database { configuration.databaseURL = database }
        if let dataDir { configuration.dataDirectory = dataDir }
        return configuration
    }

    /// Opens the database and brings its schema up to date. Only the commands that set a
    /// database up (`creating`: migrate, demo, serve) make an embedded one that is not there;
    /// any other says where it looked, and creates nothing.
    func open(logger: Logger, migrate: Bool = true, creating: Bool = false) async throws -> (KaikuDatabase, AppConfiguration) {
        TextTools.installNames()
        let configuration = configuration()
        if !creating, let path = KaikuDatabase.sqlitePath(url: configuration.databaseURL, defaultSQLitePath: configuration.sqlitePath),
           !FileManager.default.fileExists(atPath: path) {
            throw NoDatabase(path: path)
        }
        keepDataPrivate(configuration)
        let database = try await KaikuDatabase.open(url: configuration.databaseURL, defaultSQLitePath: configuration.sqlitePath,
                                                    synchronous: configuration.sqliteSynchronous, logger: logger)
        if migrate {
            do {
                try await Schema.migrate(database)
            } catch {
                try? await database.close()
                throw error
            }
        }
        return (database, configuration)
    }
}

/// KAIKU_LOG_FORMAT=json: every logger in the process, the libraries' too, writes one JSON object
/// per line (JSONLogHandler); otherwise plain text. Set up once, before the first logger.
private let loggingSystem: Void = {
    if ProcessInfo.processInfo.environment["KAIKU_LOG_FORMAT"]?.lowercased() == "json" {
        LoggingSystem.bootstrap { JSONLogHandler(label: $0) }
    }
}()

func makeLogger(_ label: String = "kaiku") -> Logger {
    loggingSystem
    var logger = Logger(label: label)
    logger.logLevel = ProcessInfo.processInfo.environment["KAIKU_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
    return logger
}

/// Runs `body` with an open database and closes it afterwards, also on failure.
/// The use cases over an open database, as the operator runs them (the system clock, the bundled
/// catalog, the configured public address).
func useCases(_ database: KaikuDatabase, _ configuration: AppConfiguration, clock: any KaikuClock = SystemClock()) throws -> UseCases {
    UseCases(database: database, clock: clock, catalog: try Catalog.bundled(), publicURL: configuration.resolvedPublicURL)
}

func withDatabase<T>(_ options: DatabaseOptions, migrate: Bool = true, creating: Bool = false,
                     _ body: (KaikuDatabase, AppConfiguration) async throws -> T) async throws -> T {
    let (database, opened) = try await options.open(logger: makeLogger(), migrate: migrate, creating: creating)
    var configuration = opened
    do {
        // Links a command makes (personal links, SMS invitations, report mails) point where the
        // server said it is served when KAIKU_PUBLIC_URL is not set here (`kaiku serve` records it).
        if configuration.publicURL == nil, migrate, let served = try await SettingsRepository(database.sql).value(ServedAddress.key) {
            configuration.publicURL = served
        }
        let result = try await body(database, configuration)
        try await database.close()
        return result
    } catch {
        try? await database.close()
        throw error
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply the numbered migrations the database lacks; refuse when the database is ahead of this version.")

    @OptionGroup var options: DatabaseOptions

    func run() async throws {
        try await withDatabase(options, migrate: false, creating: true) { database, _ in
            let applied = try await Schema.migrate(database)
            print(applied.isEmpty ? "The database is up to date." : "Applied migrations: \(applied.map(String.init).joined(separator: ", ")).")
        }
    }
}

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fill an empty database with a fictional county and demo users for every role, and print their logins.")

    @OptionGroup var options: DatabaseOptions
    @Flag(help: "When the database already has data, say so and succeed instead of failing.")
    var skipIfPresent = false

    @Flag(help: "Leave out the year of generated survey answers.")
    var noHistory = false

    func run() async throws {
        try await withDatabase(options, creating: true) { database, configuration in
            // The sample visits (yesterday's and today's) are written afresh each time, for the SMS walk-through.
            let visits = URL(fileURLWithPath: configuration.dataDirectory).appendingPathComponent("demo-visits.csv")
            try DemoVisits.csv(today: CalendarDay(Date())).write(to: visits, atomically: true, encoding: .utf8)
            let loader = DemoLoader(database: database, passwords: PasswordHasher(), clock: SystemClock())
            if skipIfPresent, try await !loader.isEmpty() {
                print("The database already has data; the demo was not loaded. Sample visits: \(visits.path)")
                return
            }
            let users = try await loader.load()
            let answers = noHistory ? 0 : try await loader.loadHistory(progress: TerminalProgress("Loading the demo year").report)
            // The server's job would read the texts within a minute; the demo's reports show their topics at once.
            let texts = try await TextAnalytics(database: database, clock: SystemClock()).analysePending(batch: 500, maximum: .max)
            print("Loaded the demo county \"Esimerkkilän hyvinvointialue\" (\(DemoCounty.nodes().count) organisation nodes, \(answers) survey responses over the past year, \(texts) texts analysed).")
            print("Demo logins (password for all: \(DemoCounty.password)):")
            let width = users.map(\.email.count).max() ?? 0
            for user in users {
                let grants = user.grants.map { "\($0.0.rawValue) @ \($0.1)" }.joined(separator: ", ")
                print("  \(user.email.padding(toLength: width, withPad: " ", startingAt: 0))  \(grants)")
            }
            print("Sample visits for SMS invitations: \(visits.path) (kaiku visits import \(visits.path))")
        }
    }
}

/// The address `kaiku serve` answers on, recorded in the database at start for the commands that
/// make links without KAIKU_PUBLIC_URL of their own.
enum ServedAddress {
    static let key = "served_public_url"
}
