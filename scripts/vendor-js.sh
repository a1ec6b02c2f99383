#!/usr/bin/env bash
# 브라우저가 쓰는 외부 자바스크립트를 저장소에 넣어 둡니다 (vendoring). 그래야 어느 페이지도
# 다른 호스트(unpkg 등)에 요청하지 않고, 오프라인 사본도 인터넷 없이 동작합니다.
#
#   scripts/vendor-js.sh           # npm 레지스트리에서 받아(npm pack) 검증하고 복사합니다
#   scripts/vendor-js.sh --check   # 저장소의 파일이 기록된 해시와 같은지만 확인 (네트워크 없음)
#
# 무엇을, 왜 (docs/assets/javascripts/vendor/):
#   mermaid/mermaid.esm.min.mjs + mermaid/chunks/…  ESM 빌드: 그리는 다이어그램 종류의 조각만
#       받습니다 (흐름도 하나에 약 1 MB, 메인 스레드를 막는 시간이 적음). http(s) 에서 사용.
#   mermaid/mermaid.min.js   한 파일 빌드(3.5 MB): file:// 에서는 모듈 스크립트가 막히므로
#       오프라인 사본에서만 사용. 둘 다 mermaid-loader.js 가 다이어그램이 보일 때 불러옵니다.
#   iframe-worker-shim.js    오프라인 사본(file://)에서 검색 워커를 돌리는 shim (Material 이
#       원래 unpkg 에서 받음; overrides/main.html 이 이 파일로 바꿔 넣음).
#
# 버전을 올릴 때: 버전을 바꾸고 해시 두 개를 "-" 로 둔 채 실행 → 출력된 값을 적고 다시 실행.
set -euo pipefail
cd "$(dirname "$0")/.."
DEST=docs/assets/javascripts/vendor

MERMAID_VERSION=11.17.2
MERMAID_TARBALL_SHA256=6ad2f42c3fc26bbf9e45cbb6d11898972573ea52b33a5f4ff51952899f950ffd
MERMAID_TREE_SHA256=3ea33866760e778a8cd73784020137d730879295dd7f4de4675203782e942343
SHIM_VERSION=1.0.4
SHIM_TARBALL_SHA256=e8c5d12d87829c503afba01d67772ea9f4aba5b7ae57a0c98e1917711030efbb
SHIM_TREE_SHA256=39ce3b6f6881bed0329db4cfb5d3c1ec2d73fa0275d6caa7e4f3cc87def4f35d

# 폴더 안 파일들의 해시를 하나로 (경로 순서대로)
tree_sha256() { (cd "$1" && find . -type f ! -name '*.LICENSE.txt' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum) | sha256sum | cut -d' ' -f1; }

check() { # 이름 기대값 실제값
  if [ "$2" != - ] && [ "$2" != "$3" ]; then
    echo "$1: sha256 불일치 (기대 $2, 실제 $3)" >&2
    exit 1
  fi
  echo "$1: sha256 $3"
}

if [ "${1:-}" = --check ]; then
  check "mermaid $MERMAID_VERSION ($DEST/mermaid)" "$MERMAID_TREE_SHA256" "$(tree_sha256 "$DEST/mermaid")"
  check "iframe-worker $SHIM_VERSION ($DEST/iframe-worker)" "$SHIM_TREE_SHA256" "$(tree_sha256 "$DEST/iframe-worker")"
  exit
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fetch() { # 패키지 버전 기대해시 → $work/<패키지>/package
  (cd "$work" && npm pack --silent "$1@$2" >/dev/null)
  check "$1-$2.tgz" "$3" "$(sha256sum "$work/$1-$2.tgz" | cut -d' ' -f1)"
  mkdir "$work/$1" && tar xzf "$work/$1-$2.tgz" -C "$work/$1"
}

fetch mermaid "$MERMAID_VERSION" "$MERMAID_TARBALL_SHA256"
rm -rf "$DEST/mermaid" && mkdir -p "$DEST/mermaid/chunks/mermaid.esm.min"
src="$work/mermaid/package"
cp "$src/dist/mermaid.esm.min.mjs" "$src/dist/mermaid.min.js" "$DEST/mermaid/"
cp "$src"/dist/chunks/mermaid.esm.min/*.mjs "$DEST/mermaid/chunks/mermaid.esm.min/"
cp "$src/LICENSE" "$DEST/mermaid/mermaid.LICENSE.txt"
check "mermaid $MERMAID_VERSION ($DEST/mermaid)" "$MERMAID_TREE_SHA256" "$(tree_sha256 "$DEST/mermaid")"

fetch iframe-worker "$SHIM_VERSION" "$SHIM_TARBALL_SHA256"
rm -rf "$DEST/iframe-worker" && mkdir -p "$DEST/iframe-worker"
cp "$work/iframe-worker/package/shim/index.js" "$DEST/iframe-worker/shim.js"
cp "$work/iframe-worker/package/LICENSE" "$DEST/iframe-worker/iframe-worker.LICENSE.txt"
check "iframe-worker $SHIM_VERSION ($DEST/iframe-worker)" "$SHIM_TREE_SHA256" "$(tree_sha256 "$DEST/iframe-worker")"
du -sh "$DEST"/*
