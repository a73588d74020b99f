#!/usr/bin/env bash
# npm test's first step: package.json's typecheck and lint scripts and the build, side by side.
# One after another they take ~45 s; the type check of the build is the typecheck job's, so the
# build only emits (build:unchecked). A failed job's output is printed once every job has
# ended, and fails the step.
set -uo pipefail
cd "$(dirname "$0")/.."
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

declare -A pids=()
start() {
  local name=$1
  shift
  "$@" >"$logs/$name" 2>&1 &
  pids[$name]=$!
}

start typecheck npm run --silent typecheck
start lint:code npm run --silent lint:code
start lint:format npm run --silent lint:format
start lint:imports npm run --silent lint:imports
start build npm run --silent build:unchecked

failed=()
for name in "${!pids[@]}"; do
  if wait "${pids[$name]}"; then
    echo "checks: ${name} passed"
  else
    failed+=("$name")
    echo "checks: ${name} FAILED:"
    cat "$logs/$name"
  fi
done
[ ${#failed[@]} -eq 0 ] || { echo "checks: failed: ${failed[*]}"; exit 1; }
