#!/usr/bin/env bash
# loadlab as a CI performance gate, in plain shell. Exit codes: 0 ok, 1 a gate failed or could
# not judge (threshold, regression, too few samples), 2 bad usage or scenario, 3 the run could
# not be done.
#
# Every variable it reads:
#   MODE       baseline: record the baseline (on main); check: compare against it (on a PR)   (default check)
#   SCENARIO   the scenario file                                                  (default scenarios/cluster-vs-single.ts)
#   BASELINE   where the main branch's run is kept                                (default .loadlab/baseline.json)
#   OUT        the folder for the reports and the JUnit file                       (default reports)
#   LOADLAB    how to call loadlab, split on spaces                               (default npx loadlab)
#   REPEAT     repeats per trial, interleaved                                     (default 3)
#   EXTRA      more options, quoted as in a shell: "--duration 3s --threshold 'p99 < 150ms'"
#              (split like xargs does: quotes and backslashes are honoured, nothing is run)
# Arguments after the script's name are passed to loadlab as they are, after EXTRA:
#   docs/ci-example.sh --threshold 'p99 < 150ms'
set -euo pipefail

MODE=${MODE:-check}
SCENARIO=${SCENARIO:-scenarios/cluster-vs-single.ts}
BASELINE=${BASELINE:-.loadlab/baseline.json}
OUT=${OUT:-reports}
REPEAT=${REPEAT:-3}
read -r -a loadlab <<< "${LOADLAB:-npx loadlab}"
extra=()
if [ -n "${EXTRA:-}" ]; then
  mapfile -d '' extra < <(printf '%s' "$EXTRA" | xargs printf '%s\0')
fi
extra+=("$@")

mkdir -p "$(dirname "$BASELINE")" "$OUT"
case "$MODE" in
  baseline)
    # the baseline is saved only when the run's gate passed: a failing main branch keeps the old one
    "${loadlab[@]}" run "$SCENARIO" --repeat "$REPEAT" "${extra[@]}" --out "$OUT" --format json,md --quiet --save-baseline "$BASELINE"
    ;;
  check)
    "${loadlab[@]}" run "$SCENARIO" --repeat "$REPEAT" "${extra[@]}" --out "$OUT" --format json,md --quiet \
      --baseline "$BASELINE" --max-regression 10% --junit "$OUT/loadlab-junit.xml"
    ;;
  *)
    echo "MODE must be baseline or check, not '$MODE'" >&2
    exit 2
    ;;
esac
