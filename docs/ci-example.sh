#!/usr/bin/env bash
# loadlab as a CI performance gate, in plain shell. Exit codes: 0 ok, 1 a gate failed
# (threshold or regression), 2 bad usage or scenario, 3 the run could not be done.
#
#   SCENARIO   the scenario file                       (default scenarios/cluster-vs-single.ts)
#   BASELINE   where the main branch's run is kept     (default .loadlab/baseline.json)
#   LOADLAB    how to call loadlab                     (default npx loadlab)
#   REPEAT     repeats per trial, interleaved          (default 3)
#   EXTRA      more options, e.g. "--duration 3s --warmup 1s"
#   MODE       baseline: record the baseline (on main); check: compare against it (on a PR)
set -euo pipefail

SCENARIO=${SCENARIO:-scenarios/cluster-vs-single.ts}
BASELINE=${BASELINE:-.loadlab/baseline.json}
LOADLAB=${LOADLAB:-npx loadlab}
REPEAT=${REPEAT:-3}
EXTRA=${EXTRA:-}
MODE=${MODE:-check}
OUT=${OUT:-reports}

mkdir -p "$(dirname "$BASELINE")" "$OUT"
case "$MODE" in
  baseline)
    # shellcheck disable=SC2086
    $LOADLAB run "$SCENARIO" --repeat "$REPEAT" $EXTRA --out "$OUT" --format json,md --quiet --save-baseline "$BASELINE"
    ;;
  check)
    # shellcheck disable=SC2086
    $LOADLAB run "$SCENARIO" --repeat "$REPEAT" $EXTRA --out "$OUT" --format json,md --quiet \
      --baseline "$BASELINE" --max-regression 10% --junit "$OUT/loadlab-junit.xml"
    ;;
  *)
    echo "MODE must be baseline or check, not '$MODE'" >&2
    exit 2
    ;;
esac
