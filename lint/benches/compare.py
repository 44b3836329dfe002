#!/usr/bin/env python3
"""Findings of two builds of the lint over the real-world corpus, call site by call site.

    python3 lint/benches/compare.py BEFORE_BINARY AFTER_BINARY [CORPUS_DIR]

CORPUS_DIR defaults to target/corpus, which `lint/benches/real-world.sh` fills (by commit).
For each repository, in PATH mode and with --include-tests, it prints how many call sites each
build reports and which were added or removed (file, line, message). Help texts are left out of
the comparison, so a change of advice alone does not count as a change of findings. Run it
twice on the same build to see whether the lint is deterministic.
"""
import json
import os
import subprocess
import sys


def sites(lint, repo, *extra):
    out = subprocess.run([lint, "--message-format", "json", *extra, "."], cwd=repo,
                         capture_output=True, text=True).stdout
    found = set()
    for line in out.splitlines():
        message = json.loads(line)
        if message.get("reason") != "compiler-message":
            continue
        m = message["message"]
        span = next((s for s in m["spans"] if s["is_primary"]), None)
        if span is not None:
            found.add((span["file_name"], span["line_start"], m["message"]))
    return found


def main():
    before, after = sys.argv[1], sys.argv[2]
    corpus = sys.argv[3] if len(sys.argv) > 3 else "target/corpus"
    for name in sorted(os.listdir(corpus)):
        repo = os.path.join(corpus, name)
        for extra in ([], ["--include-tests"]):
            a, b = sites(before, repo, *extra), sites(after, repo, *extra)
            mode = "+tests" if extra else "path"
            print(f"{name:34} {mode:7} before={len(a):5} after={len(b):5} "
                  f"removed={len(a - b)} added={len(b - a)}")
            for f, line, msg in sorted(b - a):
                print(f"   + {f}:{line} {msg}")
            for f, line, msg in sorted(a - b):
                print(f"   - {f}:{line} {msg}")


if __name__ == "__main__":
    main()
