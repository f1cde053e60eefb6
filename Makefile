# folio - a thin front door over Meson and Ninja.
#
#   make run    install what is missing, build, load the demo portfolio,
#               write the oversight paper and serve the web application
#   make test   install what is missing, build (plain and ASan+UBSan) and
#               run every test, ending with "N passed, N failed"

BUILD      ?= build
ASAN_BUILD ?= build-asan
DB         ?= var/folio.db
LISTEN     ?= 127.0.0.1:8080
FOLIO       = ./$(BUILD)/folio

# Debian 12 packages the build, the tests and the tools need.
DEBS = gcc meson ninja-build pkg-config python3 \
	libsqlite3-dev libpq-dev libmicrohttpd-dev libjansson-dev \
	libsodium-dev libxml2-dev libcsv-dev libcmark-dev libcairo2-dev \
	libpango1.0-dev libxlsxwriter-dev libcmocka-dev \
	sqlite3 postgresql poppler-utils valgrind \
	chromium nodejs npm

.PHONY: all deps e2e-deps build asan run test valgrind clean bench

all: build

deps:
	@missing=$$(for p in $(DEBS); do \
		case $$p in npm) command -v npm >/dev/null 2>&1 && continue;; esac; \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:" $$missing; \
		if [ "$$(id -u)" != 0 ]; then echo "run as root to install packages" >&2; exit 1; fi; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || exit 1; \
	fi

# The browser tests' node modules (tests/e2e/: playwright-core, which
# drives Debian's chromium), installed once from the lock file.
e2e-deps: deps
	@[ -d tests/e2e/node_modules/playwright-core ] || \
		npm ci --prefix tests/e2e --no-audit --no-fund

$(BUILD)/build.ninja:
	meson setup $(BUILD)

$(ASAN_BUILD)/build.ninja:
	meson setup $(ASAN_BUILD) -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug

build: deps $(BUILD)/build.ninja
	meson compile -C $(BUILD)

asan: deps $(ASAN_BUILD)/build.ninja
	meson compile -C $(ASAN_BUILD)

run: build
	@mkdir -p var/reports
	@rm -f $(DB) $(DB)-wal $(DB)-shm
	$(FOLIO) --db $(DB) init
	$(FOLIO) --db $(DB) demo
	$(FOLIO) --db $(DB) report oversight --as-at 2018-03 --format md --out var/reports/oversight-2018-03.md
	$(FOLIO) --db $(DB) report oversight --as-at 2018-03 --format html --out var/reports/oversight-2018-03.html
	@echo
	@echo "Demo portfolio loaded into $(DB). The oversight paper as at March 2018:"
	@echo "  $(CURDIR)/var/reports/oversight-2018-03.md"
	@echo "  $(CURDIR)/var/reports/oversight-2018-03.html"
	@echo
	@echo "Demo accounts, one per role (sign in at http://$(LISTEN)/):"
	@$(FOLIO) --db $(DB) user demo-passwords
	@echo
	@echo "Serving the demo portfolio at http://$(LISTEN)/ (Ctrl-C stops it)."
	$(FOLIO) --db $(DB) serve --listen $(LISTEN)

test: build asan e2e-deps
	@rc=0; \
	meson test -C $(BUILD) --print-errorlogs || rc=1; \
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		meson test -C $(ASAN_BUILD) --print-errorlogs || rc=1; \
	meson test -C $(BUILD) --setup valgrind --suite unit --print-errorlogs \
		--logbase valgrind || rc=1; \
	python3 tools/test-summary.py $(BUILD) $(ASAN_BUILD) || rc=1; \
	exit $$rc

# The unit tests alone under valgrind's memcheck.
valgrind: build
	meson test -C $(BUILD) --setup valgrind --suite unit --print-errorlogs --logbase valgrind

bench: build
	bench/run

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
