# 네트워크 노트 — 두 명령이면 됩니다: `make serve`, `make test`.
# 다른 타깃: build, lint, format, lock, bench, clean (make help).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.DEFAULT_GOAL := help
.PHONY: help serve build test test-fast lint format lock bench clean snapshots
.PHONY: serve-fast serve-full offline lighthouse lighthouse-built screenshots vendor-js

help: ## 이 목록을 보여 줍니다
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

# .venv 를 잠긴(hash-locked) 의존성으로 만듭니다. requirements.txt 가 바뀌면 다시 설치합니다.
$(STAMP): requirements.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.txt
	@# 독자가 `python snippets/<섹션>/<이름>.py` 로 실습을 돌릴 때 labkit 을 import 할 수 있도록
	@$(BIN)/python -c 'import sysconfig, pathlib; pathlib.Path(sysconfig.get_paths()["purelib"], "network-notes-snippets.pth").write_text("$(CURDIR)/snippets\n")'
	@touch $@

serve: $(STAMP) ## 로컬에서 사이트를 띄웁니다 (http://127.0.0.1:8000; 고친 페이지만 다시 그려 약 1초)
	$(BIN)/mkdocs serve --dirty -a 127.0.0.1:8000

serve-full: $(STAMP) ## 저장할 때마다 전체를 --strict 로 다시 빌드하며 띄웁니다 (느리지만 nav·링크까지 검사)
	$(BIN)/mkdocs serve --strict -a 127.0.0.1:8000

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

lint: $(STAMP) ## ruff 검사와 포맷 확인
	$(BIN)/ruff check snippets tests hooks scripts netnotes
	$(BIN)/ruff format --check snippets tests hooks scripts netnotes

format: $(STAMP) ## ruff 로 코드 정리
	$(BIN)/ruff check --fix snippets tests hooks scripts netnotes
	$(BIN)/ruff format snippets tests hooks scripts netnotes

lock: ## requirements.in 에서 해시 잠금 파일 requirements.txt 를 다시 만듭니다
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	  --no-emit-index-url --no-emit-find-links -o requirements.txt requirements.in

clean: ## 빌드 산출물과 캐시를 지웁니다 (.venv 는 남김)
	rm -rf site site-offline .cache .pytest_cache .lighthouse

# -- 독자 쪽 품질 (site 도우미) ---------------------------------------------------

offline: $(STAMP) ## 인터넷 없이 읽는 사본을 site-offline/ 에 빌드합니다 (file:// 로 열고 검색까지)
	@# 방금 빌드한 실습 결과가 있으면(.cache/labs, 내용 기준 키) 다시 실행하지 않고 씁니다
	NETNOTES_REUSE_LABS=1 OFFLINE=true $(BIN)/mkdocs build --strict -d site-offline

LIGHTHOUSE := tools/lighthouse
LIGHTHOUSE_FLAGS ?=   # 예: --perf-advisory (성능은 보고만), --runs 3, --only /dns/
$(LIGHTHOUSE)/node_modules/.installed: $(LIGHTHOUSE)/package-lock.json
	cd $(LIGHTHOUSE) && npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

lighthouse: build ## 빌드한 뒤 모든 페이지를 Lighthouse(모바일)로 검사합니다 (chromium, node 필요)
	$(MAKE) --no-print-directory lighthouse-built

lighthouse-built: $(LIGHTHOUSE)/node_modules/.installed ## 이미 빌드된 site/ 를 그대로 검사합니다 (.ci/run 이 make test 뒤에 씀)
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} node $(LIGHTHOUSE)/run.mjs site $(LIGHTHOUSE_FLAGS)

screenshots: build ## README 용 스크린숏을 assets/screenshots/ 에 다시 만듭니다 (chromium, fonts-noto-cjk)
	$(BIN)/python scripts/screenshots.py

bench: $(STAMP) ## 빌드·serve·테스트에 걸리는 시간을 표로 보여 줍니다 (임시 사본에서)
	$(BIN)/python scripts/bench.py

vendor-js: ## Mermaid 등 브라우저용 JS 를 npm 에서 받아 해시를 확인하고 docs/assets/javascripts/vendor/ 에 넣습니다
	scripts/vendor-js.sh
