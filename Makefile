# Set-up and every routine task. The virtual environment is made on first use and reused
# afterwards; it is rebuilt only when pyproject.toml or constraints.txt change.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SIZE ?= small
DEMO_WORKSPACE ?= demo-workspace
PEERS_VENV := bench/.peers-venv
PEERS_STAMP := $(PEERS_VENV)/.installed
PEERS := nomenklatura==4.17.4

.PHONY: install demo test lint typecheck unit bench lock clean

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	@# PyICU (transliteration, through followthemoney and rigour) builds against the system ICU.
	@pkg-config --exists icu-i18n 2>/dev/null || { \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libicu-dev pkg-config; \
		else echo "install libicu-dev and pkg-config (e.g. sudo apt-get install libicu-dev pkg-config)"; exit 1; fi; }
	@# The browser tests drive Debian's Chromium (Playwright brings only its driver); Chinese
	@# names need the CJK fonts to render. Without them (and not root) those tests are skipped.
	@{ test -x /usr/bin/chromium && test -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc; } || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then apt-get update -qq && \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk; \
		else echo "browser tests skipped until chromium and fonts-noto-cjk are installed" \
			"(e.g. sudo apt-get install chromium fonts-noto-cjk)"; fi; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		--constraint constraints.txt --editable '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/dualtrace demo --workspace $(DEMO_WORKSPACE)

test: lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest -q

bench: $(STAMP) $(PEERS_STAMP)
	$(BIN)/python -m bench.run --size $(SIZE) --lock /tmp/dualtrace-heavy.lock

# The benchmarks' peers live in an environment of their own (nomenklatura needs duckdb<2, the
# project pins duckdb 2); made here only, never by install, test or demo. Without PyPI it is
# left unmade and the benchmark rows say the peer was not measured.
$(PEERS_STAMP): bench/peers/constraints.txt
	@test -x $(PEERS_VENV)/bin/python || $(PYTHON) -m venv $(PEERS_VENV)
	@$(PEERS_VENV)/bin/python -m pip install --quiet --disable-pip-version-check \
		--constraint bench/peers/constraints.txt $(PEERS) && touch $@ \
		|| echo "peer environment not made: the nomenklatura peer is left out of this run"

# Re-pin every dependency to what is installed now (after changing pyproject.toml).
lock: $(STAMP)
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^-e ' > constraints.txt

clean:
	rm -rf $(VENV) $(PEERS_VENV) $(DEMO_WORKSPACE) .mypy_cache .ruff_cache .pytest_cache
