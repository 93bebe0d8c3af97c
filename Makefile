# Formloom — `make run` serves on :8080 with the embedded database; `make test` runs every test.
GO       ?= go
NPM      ?= npm
PKGS     := ./...
UI_STAMP := frontend/node_modules/.package-lock.json

.PHONY: run build build-ui test lint-start lint-wait test-go test-ui test-e2e vet lint fmt-check bench bench-compare clean fuzz-short

run: build-ui
	$(GO) run ./server

build: build-ui
	CGO_ENABLED=0 $(GO) build -trimpath -o bin/formloom ./server

$(UI_STAMP): frontend/package.json frontend/package-lock.json
	cd frontend && $(NPM) ci --no-audit --no-fund
	touch $(UI_STAMP)

build-ui: $(UI_STAMP)
	cd frontend && $(NPM) run build

# The linter starts first, in the background on one core (lint-start), while the suites run one
# after another; lint-wait, last, prints its findings and fails the run if it found any. (No
# recursive make here: `make -o <file>` would not reach a sub-make.)
LINT_LOG := bin/lint.log
test: lint-start fmt-check vet test-ui test-e2e test-go fuzz-short lint-wait

lint-start:
	@mkdir -p bin && rm -f $(LINT_LOG) $(LINT_LOG).rc && \
	( $(GOLANGCI_LINT) run --concurrency=1 $(PKGS); echo $$? > $(LINT_LOG).rc.tmp && mv $(LINT_LOG).rc.tmp $(LINT_LOG).rc ) \
		</dev/null >$(LINT_LOG) 2>&1 &

lint-wait: lint-start
	@while [ ! -f $(LINT_LOG).rc ]; do sleep 2; done; \
	echo "golangci-lint:"; cat $(LINT_LOG); exit $$(cat $(LINT_LOG).rc)

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './frontend/node_modules/*')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet $(PKGS)

# golangci-lint v2 with the linters in .golangci.yml. Its version is pinned in tools/go.mod (a
# module of its own, so the server's go.mod stays free of it); the first run builds it from
# the Go module proxy, later runs reuse Go's build cache.
GOLANGCI_LINT ?= $(GO) tool -modfile=tools/go.mod golangci-lint
lint:
	$(GOLANGCI_LINT) run $(PKGS)

test-go:
	$(GO) test -count=1 -timeout 20m $(PKGS)

test-ui: $(UI_STAMP)
	cd frontend && $(NPM) run typecheck && $(NPM) run lint && $(NPM) test

# Browser tests (Debian's /usr/bin/chromium) against the real binary, built first.
test-e2e: build
	cd frontend && $(NPM) run test:e2e

# Where input enters: request bodies, CSV and XLSX imports, filters on SQLite. Each target
# runs briefly (FUZZTIME, or the budget after its second colon); its seed corpus lives in the
# package's testdata/fuzz. Every target counts executions: run by time, a worker still busy
# when the time runs out fails the run with "context deadline exceeded", which happened to
# the XLSX target and, on a loaded machine, to the record decoder; counted, each takes 1–5 s.
FUZZTIME ?= 5s
FUZZ_TARGETS := ./builder/form:FuzzDecodeRecord:50000x ./runtime/tabular:FuzzImportCSV:20000x ./runtime/tabular:FuzzImportXLSX:20000x ./store/sqlite:FuzzSQLiteFilter:30000x ./store/querylang:FuzzParseFilter:50000x

fuzz-short:
	@for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; rest=$${t#*:}; name=$${rest%%:*}; budget=$(FUZZTIME); \
		case $$rest in *:*) budget=$${rest#*:};; esac; \
		$(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $$budget $$pkg || exit 1; \
	done

bench:
	$(GO) test -run '^$$' -bench . -benchmem $(PKGS)

clean:
	rm -rf bin frontend/dist/assets frontend/dist/index.html

# Side by side with PocketBase v0.36.8 (installed into a temporary folder at run time, never
# committed): see docs/BENCHMARKS.md. BENCH_COMPARE_FLAGS e.g. "-records 20000 -reps 3".
PB_VERSION ?= v0.36.8
bench-compare:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	echo "building Formloom and installing PocketBase $(PB_VERSION) into $$tmp" && \
	CGO_ENABLED=0 $(GO) build -trimpath -o "$$tmp/formloom" ./server && \
	GOBIN="$$tmp" $(GO) install github.com/pocketbase/pocketbase/examples/base@$(PB_VERSION) && \
	$(GO) run ./bench/compare -formloom "$$tmp/formloom" -pocketbase "$$tmp/base" -work "$$tmp/run" $(BENCH_COMPARE_FLAGS)
