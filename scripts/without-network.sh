#!/usr/bin/env bash
# Run a command with networking switched off: a new network namespace whose only
# interface is loopback. This proves the build needs nothing but 127.0.0.0/8 and ::1.
#
# As root: `unshare -n`. As a normal user: `unshare -rn` (a user namespace gives the right to
# bring loopback up), then a nested user namespace maps us back to our own uid and gid, so the
# command runs as the same normal user it would run as outside (a lab sees no root powers).
# Where the kernel or the user may not create namespaces, run it normally and say so
# (with REQUIRE_SERVICES=1, as in CI, that is an error).
set -euo pipefail
lo_up='ip link set lo up 2>/dev/null || ifconfig lo up'
if [ "$(id -u)" = 0 ] && unshare -n true 2>/dev/null; then
  echo "[without-network] 네트워크 네임스페이스(루프백만) 안에서 실행: $*"
  exec unshare -n bash -c "$lo_up; exec \"\$@\"" bash "$@"
elif unshare -rn true 2>/dev/null; then
  echo "[without-network] 사용자+네트워크 네임스페이스(루프백만) 안에서, 같은 사용자($(id -un))로 실행: $*"
  back="exec unshare --user --map-user=$(id -u) --map-group=$(id -g) -- \"\$@\""
  exec unshare -rn bash -c "$lo_up; $back" bash "$@"
fi
if [ "${REQUIRE_SERVICES:-}" = 1 ]; then
  echo "[without-network] 네트워크 네임스페이스를 만들 수 없습니다 (REQUIRE_SERVICES=1)" >&2
  exit 1
fi
echo "[without-network] 네임스페이스를 만들 수 없어 그냥 실행합니다 (루프백 가드는 그대로 적용됨): $*"
exec "$@"
