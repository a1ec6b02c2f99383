#!/usr/bin/env bash
# make test-matrix: `make test` once for every supported Python minor version (3.11, 3.12, 3.13)
# found on this machine, each in its own venv (.venv-3.11, .venv-3.12, …), then a table.
#
#   scripts/test-matrix.sh                          # 찾은 것 모두
#   scripts/test-matrix.sh /usr/bin/python3 python3.13   # 고른 것만 (make test-matrix PYTHONS="…")
#
# Where it looks, per minor version: /usr/bin, /usr/local/bin, PATH, then pyenv's versions folder
# (a pyenv shim that is not activated does not run, so the folder is searched directly).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
MINORS=(3.11 3.12 3.13)   # scripts/check-python.py 의 SUPPORTED, ci.yml 의 matrix 와 맞춥니다

runs() { "$1" -c 'import sys' >/dev/null 2>&1; }

find_python() {
  local minor=$1 candidate
  for candidate in "/usr/bin/python$minor" "/usr/local/bin/python$minor" "python$minor"; do
    if runs "$candidate"; then echo "$candidate"; return; fi
  done
  local pyenv_root=${PYENV_ROOT:-$HOME/.pyenv}
  candidate=$(printf '%s\n' "$pyenv_root/versions/$minor".*/bin/"python$minor" | sort -V | tail -n 1)
  if [ -n "$candidate" ] && runs "$candidate"; then echo "$candidate"; fi
}

pythons=("$@")
if [ ${#pythons[@]} -eq 0 ]; then
  for minor in "${MINORS[@]}"; do
    found=$(find_python "$minor")
    if [ -n "$found" ]; then pythons+=("$found"); else echo "[matrix] Python $minor: 이 기계에서 찾지 못해 건너뜁니다"; fi
  done
fi
if [ ${#pythons[@]} -eq 0 ]; then
  echo "[matrix] 지원하는 Python(${MINORS[*]})을 하나도 찾지 못했습니다" >&2
  exit 1
fi

rows=() failed=0
for python in "${pythons[@]}"; do
  version=$("$python" -c 'import platform; print(platform.python_version())' 2>/dev/null || echo "?")
  minor=${version%.*}
  echo
  echo "[matrix] ===== Python $version ($python) → .venv-$minor ====="
  started=$(date +%s)
  if make --no-print-directory test PYTHON="$python" VENV=".venv-$minor"; then
    verdict="통과"
  else
    verdict="실패"
    failed=1
  fi
  rows+=("$(printf '  %-8s %-42s %-4s %4d s' "$version" "$python" "$verdict" $(($(date +%s) - started)))")
done

echo
echo "[matrix] 결과 (make test, REQUIRE_SERVICES=${REQUIRE_SERVICES:-0}):"
printf '%s\n' "${rows[@]}"
exit $failed
