# The two commands of the README: `make run` and `make test`.
SWIFT ?= swift
KAIKU := .build/debug/kaiku
# The tests run on an optimised build that keeps @testable imports: the suites and the system
# tests' servers run four to five times faster than on a debug build, which costs three minutes
# more to build (docs/DECISIONS.md "Tests on an optimised build").
TEST_BUILD := -c release -Xswiftc -enable-testing
TEST_KAIKU := .build/release/kaiku

.PHONY: run test build test-swift test-postgres test-system test-system-postgres test-calendar clean

## Install what is missing, build, migrate, load the demo on first run, serve on http://127.0.0.1:8080
run:
	scripts/install-packages.sh run
	$(SWIFT) build --product kaiku
	$(KAIKU) migrate
	$(KAIKU) demo --skip-if-present
	$(KAIKU) serve

## Install what the tests need, then run everything: Swift tests on SQLite and on PostgreSQL, browser tests
test:
	scripts/install-packages.sh test
	$(SWIFT) build $(TEST_BUILD) --build-tests
	$(MAKE) test-swift test-postgres test-system-postgres test-system test-calendar

test-swift:
	@echo "== Swift tests on SQLite"
	$(SWIFT) test $(TEST_BUILD) --skip-build

test-postgres:
	@echo "== Swift tests on PostgreSQL"
	scripts/with-postgres.sh $(SWIFT) test $(TEST_BUILD) --skip-build

test-system-postgres:
	@echo "== On PostgreSQL: feedback end to end (server, real SMTP, Chromium), crash and restart, two servers, outages, the API contract"
	scripts/with-postgres.sh env KAIKU_BINARY=$(TEST_KAIKU) .venv/bin/python -m pytest -q Tests/system/test_feedback.py Tests/system/test_durability.py Tests/system/test_scaleout.py Tests/system/test_outages.py Tests/system/test_api_contract.py

test-system:
	@echo "== System tests on SQLite: command line, browser (Chromium, axe-core), real SMTP"
	KAIKU_BINARY=$(TEST_KAIKU) .venv/bin/python -m pytest -q Tests/system

## Once more as if it were 00:30 on the next Finnish holiday that falls on a weekday (in UTC still
## the day before), through libfaketime: the Swift tests on SQLite and the system tests that count days
test-calendar:
	@day=$$(.venv/bin/python scripts/next-holiday.py); \
	echo "== As of $$day 00:30 Helsinki time: Swift tests on SQLite, and the system tests that count days"; \
	scripts/at-time.sh "$$day 00:30" "$$($(SWIFT) build $(TEST_BUILD) --show-bin-path)/kaikuPackageTests.xctest" --testing-library swift-testing && \
	scripts/at-time.sh "$$day 00:30" env KAIKU_BINARY=$(TEST_KAIKU) .venv/bin/python -m pytest -q \
	  Tests/system/test_sms.py Tests/system/test_reports.py Tests/system/test_designer.py Tests/system/test_cli.py

build:
	$(SWIFT) build --product kaiku

clean:
	rm -rf .build .venv
