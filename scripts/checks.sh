#!/usr/bin/env bash
# npm test's first step: the static checks and the build, side by side. One after another they
# take ~45 s; the type check of the build is the same as the typecheck job's, so the build only
# emits (--noCheck). Each job's output is printed when it ends; any failure fails the step.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
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
start eslint eslint .
start prettier prettier --check --log-level warn .
start imports depcruise src --config .dependency-cruiser.cjs
start build bash -c 'tsc -p tsconfig.json --noCheck && npm run --silent build:finish'

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
