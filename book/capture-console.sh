#!/usr/bin/env bash
# Captures tokio-console's screens of lesson 01 while two `/block` requests hold both workers, and
# while two `/offload` requests sleep on the blocking pool, into book/src/console/*.txt. Needs
# tokio-console and tmux. Run from anywhere:
#   bash book/capture-console.sh
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=book/src/console
ADDR=127.0.0.1:3091     # not the lesson's default port, so a lesson you are running is left alone
CONSOLE=127.0.0.1:6691  # likewise for the console's port
SESSION="book-console-$$"

cargo build --release -p lesson-01-blocking-the-runtime
BIN="${CARGO_TARGET_DIR:-target}/release/lesson-01-blocking-the-runtime"
TOKIO_CONSOLE_BIND=$CONSOLE "$BIN" --addr $ADDR > /dev/null 2>&1 &
SERVER=$!
trap 'tmux kill-session -t "$SESSION" 2>/dev/null || true; kill $SERVER 2>/dev/null || true' EXIT
until curl -sf "http://$ADDR/health" > /dev/null; do sleep 0.2; done

tmux new-session -d -s "$SESSION" -x 150 -y 40 "tokio-console http://$CONSOLE"
sleep 3

# Keeps what the terminal showed, minus trailing blanks and the empty rows of a box.
capture() {
    tmux capture-pane -p -t "$SESSION" | sed -e 's/[[:space:]]*$//' | grep -av '^│ *│$' > "$OUT/$1"
}

# Two sleeps of 5 s hold both workers; a /health request arrives behind them.
CLIENTS=()
curl -s "http://$ADDR/block?ms=5000" > /dev/null & CLIENTS+=($!)
curl -s "http://$ADDR/block?ms=5000" > /dev/null & CLIENTS+=($!)
sleep 0.5
curl -s -o /dev/null -w 'GET /health answered after %{time_total} s\n' "http://$ADDR/health" \
    > "$OUT/health-while-blocked.txt" & CLIENTS+=($!)
sleep 1.5
capture tasks-while-blocked.txt

# Sort by busy time (one column right), then open the first `GET /block` task: the first row is
# selected, the two worker threads come first, so two steps down.
tmux send-keys -t "$SESSION" l
sleep 0.3
tmux send-keys -t "$SESSION" j j Enter
sleep 1
capture block-task-detail.txt

# After the sleeps: every task finished, including the /health connection.
tmux send-keys -t "$SESSION" Escape
sleep 4
capture tasks-after.txt
wait "${CLIENTS[@]}"

# The fix: the same two sleeps offloaded. They show up as tasks of kind `blocking`, busy for
# their whole life on pool threads, while /health is answered at once.
CLIENTS=()
curl -s "http://$ADDR/offload?ms=5000" > /dev/null & CLIENTS+=($!)
curl -s "http://$ADDR/offload?ms=5000" > /dev/null & CLIENTS+=($!)
sleep 0.5
curl -s -o /dev/null -w 'GET /health answered after %{time_total} s\n' "http://$ADDR/health" \
    > "$OUT/health-while-offloaded.txt"
sleep 1.5
capture tasks-while-offloaded.txt
wait "${CLIENTS[@]}"
echo "captured into $OUT"
