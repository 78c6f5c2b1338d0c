// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "kaiku",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "kaiku", targets: ["kaiku"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
    ],
    targets: [
        // libqrencode from Debian (libqrencode-dev) for the QR codes on posters, badges and stickers.
        .systemLibrary(name: "CQREncode", pkgConfig: "libqrencode", providers: [.apt(["libqrencode-dev"])]),
        // Finnish morphology (libvoikko + voikko-fi) and Swedish/English stemming (libstemmer, no .pc file) for text analytics.
        .systemLibrary(name: "CVoikko", pkgConfig: "libvoikko", providers: [.apt(["libvoikko-dev", "voikko-fi"])]),
        .systemLibrary(name: "CStemmer", providers: [.apt(["libstemmer-dev"])]),
        // Domain: rules and calculations, no I/O. Optimised in debug builds too: the disclosure
        // decisions and text rules are pure CPU work that is ten times slower unoptimised, and the
        // test servers run them on every report (docs/DECISIONS.md, "KaikuCore optimised in debug").
        .target(name: "KaikuCore", swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        // The analyser's morphology and name detection over the C libraries (KaikuCore stays pure).
        .target(name: "KaikuLanguage", dependencies: ["KaikuCore", "CVoikko", "CStemmer"]),
        // SQLKit storage serving SQLite and PostgreSQL through one code path.
        .target(
            name: "KaikuStorage",
            dependencies: [
                "KaikuCore",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Use cases (one transaction each, with audit and notices) and background services; no HTTP.
        .target(
            name: "KaikuApp",
            dependencies: [
                "KaikuCore",
                "KaikuStorage",
                "KaikuLanguage",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                // The .xlsx archive of a workbook (deflated entries).
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            // The translations: pages, mails and reports all speak through the one catalog.
            resources: [.copy("Resources")]
        ),
        // HTTP: routes, middleware, view models and templates.
        .target(
            name: "KaikuWeb",
            dependencies: [
                "KaikuCore",
                "KaikuStorage",
                "KaikuApp",
                "CQREncode",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "MultipartKit", package: "multipart-kit"),
            ],
            resources: [.copy("Resources")]
        ),
        .executableTarget(
            name: "kaiku",
            dependencies: [
                "KaikuCore",
                "KaikuStorage",
                "KaikuApp",
                "KaikuWeb",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Opens a fresh test database: SQLite, or a schema on the PostgreSQL server named by
        // KAIKU_TEST_DATABASE_URL, so every suite runs on both.
        .target(
            name: "KaikuTestSupport",
            dependencies: ["KaikuCore", "KaikuStorage", "KaikuApp", .product(name: "Logging", package: "swift-log")],
            path: "Tests/KaikuTestSupport"
        ),
        // KaikuTestSupport for the seeded fuzz generator the web tests share.
        .testTarget(name: "KaikuCoreTests", dependencies: ["KaikuCore", "KaikuApp", "KaikuTestSupport"]),
        .testTarget(name: "KaikuLanguageTests", dependencies: ["KaikuLanguage", "KaikuApp"]),
        .testTarget(name: "KaikuStorageTests", dependencies: ["KaikuStorage", "KaikuApp", "KaikuTestSupport"]),
        .testTarget(name: "KaikuAppTests", dependencies: ["KaikuApp", "KaikuTestSupport"]),
        .testTarget(
            name: "KaikuWebTests",
            dependencies: [
                "KaikuWeb",
                "KaikuApp",
                "KaikuTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
    ]
)
