#!/usr/bin/env bash
# Build the virtual environment from the hash-locked requirements.txt, atomically:
# everything goes into a scratch folder, is checked, and only then renamed to the real name.
# An install killed halfway (Ctrl-C during the first `make serve`) leaves no half-built venv
# that a later `make test` would trust; the next run starts the scratch folder over.
#
#   scripts/install-venv.sh PYTHON VENV [LOCK]      (the Makefile calls it; VENV e.g. .venv)
#
# LOCK is requirements.txt. Given requirements.in instead (make test-latest, the weekly CI canary),
# it turns each exact pin (name==1.2) into a lower bound (name>=1.2), keeps the other bounds
# (mkdocs<2), resolves the newest versions that allows, hash-locks them in the scratch folder,
# prints what differs from requirements.txt, and installs that.
#
# 1. pip installs only uv, hash-checked (--require-hashes), with the pin and hashes taken from
#    requirements.txt: the interpreter's own pip into a scratch folder (--target), or, where the
#    interpreter has no pip (Debian's python3 without python3-pip), a scratch `PYTHON -m venv`;
# 2. uv makes the real venv (relocatable, so it can be renamed) and installs the whole lock
#    with `uv pip sync --require-hashes` (fast: a warm uv cache links files instead of copying);
# 3. smoke test (imports, the binary tools run), write the stamp, rename into place.
set -euo pipefail
python=${1:?PYTHON}
venv=${2:?VENV}
lock=${3:-requirements.txt}
root=$(pwd)
work="$venv.partial"   # 고정된 이름: 중단된 설치의 찌꺼기는 다음 실행이 지우고 다시 시작합니다

trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
rm -rf "$work"
mkdir -p "$work"

# 우리 설정만 쓰도록: 사용자 uv.toml, uv 가 내려받는 Python, 다른 venv 를 무시합니다
export UV_NO_CONFIG=1 UV_PYTHON_DOWNLOADS=never UV_PYTHON_PREFERENCE=only-system PIP_ROOT_USER_ACTION=ignore
unset VIRTUAL_ENV PYTHONHOME

interpreter=$("$python" -c 'import sys; print(sys.executable)')
echo "[venv] $venv 을(를) $("$interpreter" -c 'import platform; print(platform.python_version())') ($interpreter) 로 만듭니다"

# 1) uv 만 pip 로, 해시 검사하며 (잠금 파일의 uv 항목 = 버전 + 해시들). 인터프리터에 pip 가 있으면
#    그것으로 임시 폴더에(--target: 시스템에는 아무것도 설치하지 않음), 없으면(Debian 의 python3)
#    pip 가 든 임시 venv 를 만들어서 (ensurepip 가 2~3초 걸리므로 가능하면 피합니다)
awk '/^uv==/ { on = 1 } on { print; if ($0 !~ /\\$/) exit }' requirements.txt >"$work/uv.txt"
grep -q '^uv==' "$work/uv.txt" || { echo "[venv] requirements.txt 에 uv 항목이 없습니다" >&2; exit 1; }
pip_install=(install --quiet --disable-pip-version-check --no-input --require-hashes --no-deps --only-binary :all:)
if ! "$interpreter" -m pip "${pip_install[@]}" --target "$work/bootstrap" -r "$work/uv.txt" 2>/dev/null; then
  rm -rf "$work/bootstrap"  # pip 가 없거나 PIP_REQUIRE_VIRTUALENV 같은 설정이 막으면: 임시 venv 의 pip 로
  "$interpreter" -m venv "$work/bootstrap"
  "$work/bootstrap/bin/python" -m pip "${pip_install[@]}" -r "$work/uv.txt"
fi
uv="$work/bootstrap/bin/uv"

if [[ $lock == *.in ]]; then  # 잠금 대신 지금 나와 있는 가장 새 버전들 (이 인터프리터 기준)
  sed -E 's/^([^=<>!~ ;#]+)==/\1>=/' "$lock" >"$work/latest.in"
  "$uv" pip compile --quiet --upgrade --generate-hashes --python "$interpreter" -o "$work/latest.txt" "$work/latest.in"
  echo "[venv] requirements.txt 와 다른 버전 (잠금 → 최신):"
  pins() { grep -oE '^[A-Za-z0-9_.-]+==[^ ;]+' "$1" | sed 's/==/=/' | tr 'A-Z_' 'a-z-' | LC_ALL=C sort -t= -k1,1; }
  LC_ALL=C join -t= -a2 -e '(없음)' -o 0,1.2,2.2 <(pins requirements.txt) <(pins "$work/latest.txt") |
    awk -F= '$2 != $3 { printf "  %-28s %s → %s\n", $1, $2, $3; n++ } END { if (!n) print "  (없음)" }'
  lock="$work/latest.txt"
fi

# 2) 진짜 venv: 옮겨도 되는(relocatable) venv 에 잠금 파일 전체를 해시 검사하며
"$uv" venv --quiet --relocatable --python "$interpreter" "$work/venv"
# --compile-bytecode: 미리 .pyc 로 (약 4초). make 는 PYTHONDONTWRITEBYTECODE=1 이라 실습 프로세스가
# 뜰 때마다 Django·boto3·moto 를 소스에서 다시 컴파일하게 되면 첫 빌드가 두세 배 느려집니다
"$uv" pip sync --quiet --require-hashes --compile-bytecode --python "$work/venv/bin/python" "$lock"
# 독자가 `python snippets/<섹션>/<이름>.py` 로 실습을 돌릴 때 labkit 을 import 할 수 있도록
"$work/venv/bin/python" - "$root/snippets" <<'EOF'
import pathlib, sys, sysconfig
pathlib.Path(sysconfig.get_paths()["purelib"], "network-notes-snippets.pth").write_text(sys.argv[1] + "\n")
EOF

# 3) 확인한 뒤에만 도장(.installed)을 찍고 이름을 바꿉니다
"$work/venv/bin/python" -c 'import mkdocs, material, labkit' &
for tool in mkdocs ruff lychee zizmor actionlint shellcheck uv; do
  "$work/venv/bin/$tool" --version >/dev/null &
done
for job in $(jobs -p); do wait "$job"; done  # 하나라도 실패하면 set -e 로 멈춥니다
"$interpreter" -c 'import sys; print(sys.executable)' >"$work/venv/.python"
touch "$work/venv/.installed"
rm -rf "$venv.old"
if [ -e "$venv" ]; then mv "$venv" "$venv.old"; fi
mv "$work/venv" "$venv"
rm -rf "$venv.old"
echo "[venv] $venv 준비됨"
