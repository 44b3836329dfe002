#!/usr/bin/env bash
# Lesson 02's throughput with wrk, beside the smallest axum server, and what telemetry costs.
#
# Builds the lesson in release, then for each configuration starts a server (2 workers), runs
# `wrk -t1 -c32 -d5s` against it, stops it, and prints the median requests/s of ROUNDS runs
# (default 3; rounds interleave the configurations, so a busy moment hurts them all alike).
# Needs wrk (`apt-get install wrk`). Servers listen on 127.0.0.1 only and are stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."

rounds=${ROUNDS:-3}
addr=127.0.0.1:${PORT:-3202}
source lessons/02-await-or-offload/wrk-common.sh

# One wrk run against a fresh server: the path, then the server's arguments. Sets `rps`.
measure() {
  local path=$1; shift
  TOKIO_CONSOLE_BIND=127.0.0.1:6702 "$bin" --addr "$addr" --workers 2 "$@" >/dev/null 2>&1 &
  server=$!
  wait_ready "$path"
  rps=$(wrk -t1 -c32 -d5s "http://$addr$path" | awk '/Requests\/sec/ {print $2}')
  stop
}

configs=(
  "lesson auto, console on|/calc/7?mode=auto|"
  "lesson auto, no console|/calc/7?mode=auto|--no-console"
  "lesson auto, console on, RUST_LOG=tower_http=debug|/calc/7?mode=auto|LOG"
  "baseline, console on|/|baseline"
  "baseline, no console|/|--no-console baseline"
  "lesson sync (a pool trip per request), console on|/calc/7?mode=sync|"
  "lesson sync (a pool trip per request), no console|/calc/7?mode=sync|--no-console"
)
declare -A results
for round in $(seq 1 "$rounds"); do
  for config in "${configs[@]}"; do
    IFS='|' read -r label path args <<<"$config"
    if [[ $args == LOG ]]; then
      RUST_LOG=info,tower_http=debug measure "$path"
    else
      # shellcheck disable=SC2086 # the arguments are meant to split
      measure "$path" $args
    fi
    results[$label]+="$rps "
  done
  echo "round $round of $rounds done" >&2
done

echo "wrk -t1 -c32 -d5s, 2 workers, median of $rounds runs (req/s; every run in brackets)"
for config in "${configs[@]}"; do
  IFS='|' read -r label _ _ <<<"$config"
  printf '%-52s %10.0f   [ %s]\n' "$label" "$(median <<<"${results[$label]}")" "${results[$label]}"
done
lesson=$(median <<<"${results["lesson auto, console on"]}")
baseline=$(median <<<"${results["baseline, console on"]}")
awk -v l="$lesson" -v b="$baseline" \
  'BEGIN {printf "lesson / baseline (console on): %.2f; lesson / 2,600 (the FastAPI figure): %.1fx\n", l / b, l / 2600}'
