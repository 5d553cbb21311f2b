#!/usr/bin/env bash
# Run a command with no network except loopback, to prove the kit needs no internet.
# Uses a private network namespace (`unshare -n`, as root) with only `lo` up. Where that is
# not permitted the command runs normally, with a warning; under CI that is an error.
set -euo pipefail
if [ "${GEOPOLITICS_OFFLINE:-}" = 1 ]; then exec "$@"; fi
if unshare -n true 2>/dev/null && command -v ip >/dev/null 2>&1; then
  exec unshare -n -- env GEOPOLITICS_OFFLINE=1 sh -c 'ip link set lo up && exec "$@"' sh "$@"
fi
if [ "${CI:-}" = true ]; then
  echo "offline.sh: cannot drop the network (needs root, unshare and iproute2)" >&2
  exit 1
fi
echo "offline.sh: cannot drop the network here; running with the network (not proven offline)" >&2
exec "$@"
