# What lesson 02's wrk benches share (`wrk.sh` here, the watchdog's `benches/overhead.sh`): both
# time the lesson's release build with wrk against servers they start and stop. Sourced from the
# repository's root after `set -euo pipefail`, not run. Builds the lesson and sets `bin`; `stop`
# ends the server whose PID is in `server` (and runs on exit); `wait_ready PATH` waits until the
# server at `addr` answers PATH; `median` reads numbers separated by spaces.

command -v wrk >/dev/null || { echo "wrk not found (apt-get install wrk)" >&2; exit 2; }
cargo build --release --quiet -p lesson-02-await-or-offload
bin=${CARGO_TARGET_DIR:-target}/release/lesson-02-await-or-offload

server=
stop() { if [[ -n $server ]]; then kill -INT "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; server=; fi; }
trap stop EXIT

wait_ready() { for _ in $(seq 1 100); do curl -fs -o /dev/null "http://$addr$1" && break; sleep 0.1; done; }

median() { tr ' ' '\n' | grep . | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
