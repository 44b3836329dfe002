#!/usr/bin/env bash
# What the blocking watchdog costs a server: lesson 02's `/calc/7?mode=auto` (a request whose
# work is tiny, so the watchdog's share is as large as it gets) in requests/s, and `/health`'s p99
# under that load, with the watchdog on and off (`LESSON_WATCHDOG=off`).
#
# Builds lesson 02 in release, then each round starts a server per configuration (2 workers, no
# console layer, whose cost would drown the watchdog's), runs `wrk -t1 -c32 -d${SECONDS_PER_RUN}s`
# on /calc and, at the same time, `wrk -t1 -c1 --latency` on /health, and stops it. Rounds
# interleave the configurations, so a busy moment hurts both alike; the medians of ROUNDS runs
# (default 5) are printed. On a machine that is busy with other work, requests/s swing by tens of
# percent from run to run, so the server's CPU time per request (user + system, from /proc) is
# printed too: what the watchdog adds to each request, whatever the neighbours do.
# Needs wrk (`apt-get install wrk`) and Linux's /proc. Listens on 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/../../.."

rounds=${ROUNDS:-5}
seconds=${SECONDS_PER_RUN:-5}
addr=127.0.0.1:${PORT:-3212}
source lessons/02-await-or-offload/wrk-common.sh

# p99 from wrk's --latency table, in ms whatever unit wrk chose.
p99_ms() { awk '$1 == "99%" { v = $2; u = v; gsub(/[0-9.]/, "", u); sub(/[a-z]+$/, "", v);
  if (u == "us") v /= 1000; else if (u == "s") v *= 1000; print v }'; }

# The server's CPU time so far, in clock ticks (user + system: fields 14 and 15 of its stat).
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$server/stat"; }
# Requests wrk completed, from its "N requests in" line.
requests() { awk '/requests in/ { print $1 }' "$1"; }

# One measurement against a fresh server; the argument is the watchdog's switch. Sets rps, p99
# and us_per_request.
measure() {
  LESSON_WATCHDOG=$1 "$bin" --no-console --addr "$addr" --workers 2 >/dev/null 2>&1 &
  server=$!
  wait_ready /health
  [[ $1 == on ]] && { curl -fs "http://$addr/debug/blocking" >/dev/null || { echo "no /debug/blocking with the watchdog on" >&2; exit 1; }; }
  [[ $1 == off ]] && curl -fs -o /dev/null "http://$addr/debug/blocking" && { echo "/debug/blocking with the watchdog off" >&2; exit 1; }
  local before; before=$(cpu_ticks)
  wrk -t1 -c1 -d"${seconds}s" --latency "http://$addr/health" >/tmp/watchdog-health.$$ &
  local health=$!
  wrk -t1 -c32 -d"${seconds}s" "http://$addr/calc/7?mode=auto" >/tmp/watchdog-calc.$$
  wait "$health"
  local ticks=$(( $(cpu_ticks) - before ))
  rps=$(awk '/Requests\/sec/ {print $2}' /tmp/watchdog-calc.$$)
  p99=$(p99_ms </tmp/watchdog-health.$$)
  local served=$(( $(requests /tmp/watchdog-calc.$$) + $(requests /tmp/watchdog-health.$$) ))
  us_per_request=$(awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" -v n="$served" 'BEGIN { printf "%.2f", t / hz * 1e6 / n }')
  rm -f /tmp/watchdog-health.$$ /tmp/watchdog-calc.$$
  stop
}

declare -A rps_of p99_of cpu_of
for round in $(seq 1 "$rounds"); do
  for switch in on off; do
    measure "$switch"
    rps_of[$switch]+="$rps "
    p99_of[$switch]+="$p99 "
    cpu_of[$switch]+="$us_per_request "
  done
  echo "round $round of $rounds done" >&2
done

echo "lesson 02, 2 workers, no console; wrk -t1 -c32 -d${seconds}s on /calc/7?mode=auto beside wrk -t1 -c1 on /health; median of $rounds runs (every run in brackets)"
for switch in on off; do
  printf 'watchdog %-3s  /calc req/s %8.0f [ %s]\n' "$switch" "$(median <<<"${rps_of[$switch]}")" "${rps_of[$switch]}"
  printf '              /health p99 ms %6.2f [ %s]\n' "$(median <<<"${p99_of[$switch]}")" "${p99_of[$switch]}"
  printf '              server CPU µs per request %6.2f [ %s]\n' "$(median <<<"${cpu_of[$switch]}")" "${cpu_of[$switch]}"
done
con=$(median <<<"${cpu_of[on]}"); coff=$(median <<<"${cpu_of[off]}")
awk -v on="$con" -v off="$coff" 'BEGIN {printf "watchdog on / off, server CPU per request: %.3f\n", on / off}'
on=$(median <<<"${rps_of[on]}"); off=$(median <<<"${rps_of[off]}")
awk -v on="$on" -v off="$off" 'BEGIN {printf "watchdog on / off, req/s: %.3f (%.1f%% %s)\n", on / off, 100 * (on > off ? on / off - 1 : 1 - on / off), (on > off ? "faster" : "slower")}'
