#!/usr/bin/env bash
# Run a command with networking switched off: a new network namespace whose only
# interface is loopback. This proves the build needs nothing but 127.0.0.0/8 and ::1.
# Where the kernel or the user may not create namespaces, run it normally and say so
# (with REQUIRE_SERVICES=1, as in CI, that is an error).
set -euo pipefail
inner='ip link set lo up 2>/dev/null || ifconfig lo up; exec "$@"'
if unshare -n true 2>/dev/null; then
  echo "[without-network] 네트워크 네임스페이스(루프백만) 안에서 실행: $*"
  exec unshare -n bash -c "$inner" bash "$@"
elif unshare -rn true 2>/dev/null; then
  echo "[without-network] 사용자+네트워크 네임스페이스(루프백만) 안에서 실행: $*"
  exec unshare -rn bash -c "$inner" bash "$@"
fi
if [ "${REQUIRE_SERVICES:-}" = 1 ]; then
  echo "[without-network] 네트워크 네임스페이스를 만들 수 없습니다 (REQUIRE_SERVICES=1)" >&2
  exit 1
fi
echo "[without-network] 네임스페이스를 만들 수 없어 그냥 실행합니다 (루프백 가드는 그대로 적용됨): $*"
exec "$@"
