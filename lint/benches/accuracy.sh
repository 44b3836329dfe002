#!/usr/bin/env bash
# How often the lint is right on the corpus of real-world.sh: fetches the corpus by commit (as
# real-world.sh does, network or CORPUS_MIRROR), builds the lint in release, and scores its
# findings against the labels in lint/benches/labels/ (accuracy.py says how). Prints the date,
# the lint's version, precision and recall per repository and per rule as Markdown tables (the
# book's page "How well it works" shows them), then every change a label should follow.
#   bash lint/benches/accuracy.sh                      # this checkout's release build
#   LINT=path/to/cargo-blocking-lint bash lint/benches/accuracy.sh
#   bash lint/benches/accuracy.sh --all-unjudged       # also the findings outside the sample
#   bash lint/benches/accuracy.sh --book               # and write the tables into the book
set -euo pipefail
cd "$(dirname "$0")/../.."

bash lint/benches/real-world.sh --fetch
LINT=${LINT:-}
if [ -z "$LINT" ]; then
    cargo build --release -q -p blocking-lint
    LINT=target/release/cargo-blocking-lint
fi
python3 lint/benches/accuracy.py "$(realpath "$LINT")" "${CORPUS_DIR:-target/corpus}" "$@"
