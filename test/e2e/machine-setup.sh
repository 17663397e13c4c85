#!/usr/bin/env bash
# Prepares the development machine for the end-to-end suite and prints the
# environment it needs as `export` lines:
#
#   eval "$(bash test/e2e/machine-setup.sh)"
#
# It runs the machine's shared/e2e/setup.sh (Docker engine, stand-in base
# image, local package index), found at $E2E_SETUP, ../shared/e2e/setup.sh or
# /work/shared/e2e/setup.sh. Prints nothing and exits 0 when there is none:
# the suite then uses the engine already running, python:3.12-slim and PyPI.
#
# Why not `eval "$(bash ../shared/e2e/setup.sh)"` directly: when setup.sh
# starts the package index, a background shell of its own keeps setup.sh's
# stdout open, so a command substitution would wait for it forever. Here
# setup.sh writes to files, never to a pipe.
set -euo pipefail
cd "$(dirname "$0")/../.."

setup=""
for candidate in "${E2E_SETUP:-}" "../shared/e2e/setup.sh" "/work/shared/e2e/setup.sh"; do
  if [ -n "$candidate" ] && [ -f "$candidate" ]; then setup="$candidate"; break; fi
done
[ -n "$setup" ] || exit 0

out="$(mktemp)"; err="$(mktemp)"
trap 'rm -f "$out" "$err"' EXIT
status=0
bash "$setup" </dev/null >"$out" 2>"$err" || status=$?
cat "$err" >&2
if [ "$status" != 0 ]; then
  echo "machine-setup: $setup failed (exit $status)" >&2
  exit "$status"
fi
cat "$out"
