# 네트워크 노트 — 두 명령이면 됩니다: `make serve`, `make test`.
# 다른 타깃: build, lint, format, lock, bench, clean (make help).

# 지원하는 인터프리터: CPython 3.11 ~ 3.13 (scripts/check-python.py). 다른 것: make serve PYTHON=python3.12
PYTHON ?= python3
VENV   ?= .venv
LOCK   ?= requirements.txt
SERVE_ADDR ?= 127.0.0.1:8000
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.DEFAULT_GOAL := help
.PHONY: help serve build test test-latest test-matrix lint lint-workflows format lock bench clean check-python snapshots
.PHONY: serve-fast serve-full offline lighthouse lighthouse-built screenshots vendor-js FORCE

help: ## 이 목록을 보여 줍니다
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

# .venv 를 잠긴(hash-locked) 의존성으로 만듭니다. requirements.txt 가 바뀌면 다시 만듭니다.
# 먼저 인터프리터를 확인하고(지원하지 않는 버전이면 몇 초 안에 이유를 말하고 멈춤), 새 venv 를
# 임시 폴더에 다 만든 뒤 이름을 바꿉니다: 설치 도중 Ctrl-C 해도 반쯤 된 .venv 가 남지 않습니다.
$(STAMP): $(LOCK) scripts/install-venv.sh
	@$(check_python)
	@scripts/install-venv.sh "$(PYTHON)" "$(VENV)" $(LOCK)

# PYTHON 을 직접 주었는데 .venv 가 다른 인터프리터로 만들어져 있으면 다시 만듭니다
ifneq ($(origin PYTHON),file)
ifneq ($(shell cat $(VENV)/.python 2>/dev/null),$(shell $(PYTHON) -c 'import sys; print(sys.executable)' 2>/dev/null))
$(STAMP): FORCE
endif
endif
FORCE:

define check_python
command -v $(PYTHON) >/dev/null 2>&1 || { \
  echo "[python] '$(PYTHON)' 을(를) 찾을 수 없습니다. 예: make serve PYTHON=python3.12" >&2; exit 1; }; \
$(PYTHON) scripts/check-python.py "$(PYTHON)" >&2 || { status=$$?; [ $$status -eq 3 ] || \
  echo "[python] '$(PYTHON)' 을(를) 실행할 수 없습니다 (exit $$status). 예: make serve PYTHON=python3.12" >&2; exit 1; }
endef

check-python: ## PYTHON 이 지원하는 버전(3.11 ~ 3.13)인지 확인합니다
	@$(check_python)

serve: $(STAMP) ## 로컬에서 사이트를 띄웁니다 (http://127.0.0.1:8000; 고친 페이지만 다시 그려 약 1초)
	$(BIN)/mkdocs serve --dirty -a $(SERVE_ADDR)

serve-full: $(STAMP) ## 저장할 때마다 전체를 --strict 로 다시 빌드하며 띄웁니다 (느리지만 nav·링크까지 검사)
	$(BIN)/mkdocs serve --strict -a $(SERVE_ADDR)

serve-fast: serve ## (예전 이름) make serve 와 같습니다

build: $(STAMP) ## 실습을 모두 실행하며 사이트를 site/ 에 빌드합니다 (--strict)
	$(BIN)/mkdocs build --strict

test: $(STAMP) ## 린트, 네트워크 없는 빌드, 모든 테스트, 오프라인 링크 검사
	$(MAKE) --no-print-directory lint
	scripts/without-network.sh $(BIN)/mkdocs build --strict
	$(BIN)/lychee --offline --include-fragments --root-dir "$(CURDIR)/site" --index-files index.html --no-progress 'site/**/*.html'
	NETNOTES_REUSE_LABS=1 OFFLINE=true scripts/without-network.sh $(BIN)/mkdocs build --strict -d site-offline
	@# pytest 는 방금 빌드가 기록한 실습 결과를 판정합니다: 실습마다 한 번만 실행 (netnotes/record.py)
	NETNOTES_LAB_RESULTS=.cache/labs/results.json $(BIN)/python -m pytest; status=$$?; \
	  if [ $$status -eq 5 ]; then echo "pytest: 수집된 테스트가 없습니다 (exit 5)"; exit 1; fi; exit $$status

snapshots: $(STAMP) ## 실습을 모두 실행하고 그 출력을 승인된 스냅숏(tests/snapshots/)으로 저장합니다 (git diff 로 검토)
	$(BIN)/mkdocs build --quiet
	$(BIN)/python -m netnotes.snapshots approve

lint: $(STAMP) ## ruff 검사와 포맷 확인, GitHub 워크플로 감사(zizmor, actionlint)
	$(BIN)/ruff check snippets tests hooks scripts netnotes
	$(BIN)/ruff format --check snippets tests hooks scripts netnotes
	$(MAKE) --no-print-directory lint-workflows

lint-workflows: $(STAMP) ## .github/ (워크플로, Dependabot)를 zizmor(보안, medium 이상)와 actionlint 로 검사합니다 (오프라인)
	$(BIN)/zizmor --quiet --offline --min-severity medium --no-progress .github
	$(BIN)/actionlint -shellcheck=$(BIN)/shellcheck -pyflakes= .github/workflows/*.yml
	$(BIN)/shellcheck .ci/run scripts/*.sh

format: $(STAMP) ## ruff 로 코드 정리
	$(BIN)/ruff check --fix snippets tests hooks scripts netnotes
	$(BIN)/ruff format snippets tests hooks scripts netnotes

lock: $(STAMP) ## requirements.in 에서 해시 잠금 파일 requirements.txt 를 다시 만듭니다 (3.11 ~ 3.13 공용 하나)
	@# --universal: 지원하는 모든 Python(3.11.0 이상)과 OS 에 맞는 잠금 하나. 지금 잠금의 버전을 되도록 유지합니다
	UV_NO_CONFIG=1 $(BIN)/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes \
	  -o requirements.txt requirements.in

# 주간 CI(latest-deps.yml)의 카나리아: 잠금을 무시하고 requirements.in 이 허용하는 가장 새 버전들로
test-latest: ## requirements.in 이 허용하는 가장 새 버전들로(잠금 무시) .venv-latest 를 새로 만들어 make test
	rm -rf .venv-latest
	$(MAKE) --no-print-directory test VENV=.venv-latest LOCK=requirements.in

# 기계에 있는 지원 버전(3.11, 3.12, 3.13)마다 따로 venv(.venv-3.12 …)를 만들어 make test 를 돌립니다.
# 고르려면: make test-matrix PYTHONS="/usr/bin/python3 python3.13"
test-matrix: ## 기계에 있는 지원 Python 버전마다(.venv-3.X) make test 를 돌리고 결과를 표로 보여 줍니다
	scripts/test-matrix.sh $(PYTHONS)

clean: ## 빌드 산출물과 캐시를 지웁니다 (.venv 는 남김)
	rm -rf site site-offline .cache .pytest_cache .lighthouse

# -- 독자 쪽 품질 (site 도우미) ---------------------------------------------------

offline: $(STAMP) ## 인터넷 없이 읽는 사본을 site-offline/ 에 빌드합니다 (file:// 로 열고 검색까지)
	@# 방금 빌드한 실습 결과가 있으면(.cache/labs, 내용 기준 키) 다시 실행하지 않고 씁니다
	NETNOTES_REUSE_LABS=1 OFFLINE=true $(BIN)/mkdocs build --strict -d site-offline

LIGHTHOUSE := tools/lighthouse
# 기본은 페이지마다 세 번 재서 중앙값으로 판정합니다. .ci/run 은 시간을 아끼려고 한 번 재고, 기준에 못 미친
# 페이지만 다섯 번·열 번으로 늘려 중앙값을 봅니다(LIGHTHOUSE_FLAGS=). 다른 예: --perf-advisory, --only /dns/
LIGHTHOUSE_FLAGS ?= --runs 3
$(LIGHTHOUSE)/node_modules/.installed: $(LIGHTHOUSE)/package-lock.json
	cd $(LIGHTHOUSE) && npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

lighthouse: build ## 빌드한 뒤 모든 페이지를 Lighthouse(모바일)로 검사합니다 (chromium, node 필요)
	$(MAKE) --no-print-directory lighthouse-built

lighthouse-built: $(LIGHTHOUSE)/node_modules/.installed ## 이미 빌드된 site/ 를 그대로 검사합니다 (.ci/run 이 make test 뒤에 씀)
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} node $(LIGHTHOUSE)/run.mjs site $(LIGHTHOUSE_FLAGS)

screenshots: build ## README 용 스크린숏을 assets/screenshots/ 에 다시 만듭니다 (chromium, fonts-noto-cjk)
	$(BIN)/python scripts/screenshots.py

BENCH_FLAGS ?=   # 예: --first-serve (새 클론의 첫 make serve 와 중단된 설치만), --no-test
bench: $(STAMP) ## 빌드·serve·테스트·새 클론의 첫 make serve 에 걸리는 시간을 표로 보여 줍니다 (임시 사본에서)
	$(BIN)/python scripts/bench.py $(BENCH_FLAGS)

vendor-js: ## Mermaid 등 브라우저용 JS 를 npm 에서 받아 해시를 확인하고 docs/assets/javascripts/vendor/ 에 넣습니다
	scripts/vendor-js.sh
