#!/usr/bin/env python3
"""Where to look for what the lint misses: lines of the corpus that may block in async code, that
the lint does not report and no label names yet. A list to read, not a verdict.

    python3 lint/benches/candidates.py LINT [CORPUS_DIR]

The search behind the `missed` rows of lint/benches/labels/ (book page "How well it works"):
in the body of each async fn outside test code, a line that calls a blocking API by a pattern
below, or calls a sync fn of the same repository whose body does. Lines with `.await`,
`tokio::fs`, `spawn_blocking` or an HTTP response's `status()` are left out, and so is every
line the lint reports under any rule (start-up and test code included). The text is read with
regular expressions and brace counting, not parsed: a closure inside an async fn counts as the
fn, and a name shared by two functions is taken for both. Read each line in its function before
writing a label.
"""
import json
import os
import re
import subprocess
import sys

sys.dont_write_bytecode = True  # nothing written next to the scripts
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from accuracy import HERE, corpus_commits, labels  # noqa: E402

BLOCKING = re.compile(
    r"thread::sleep\(|reqwest::blocking|\.output\(\)|\.status\(\)|\.wait\(\)"
    r"|blocking_(?:lock|read|write|send|recv)\(|std::fs::|\bfs::(?:read|write|create|remove|rename"
    r"|copy|metadata|File|OpenOptions|canonicalize|set_permissions)|fs_err::(?!tokio)"
    r"|File::(?:open|create)\(|\.read_line\(|\.canonicalize\(|\.exists\(\)|\.is_file\(\)"
    r"|\.is_dir\(\)|hash_password|verify_password|bcrypt::|block_on\(")
LEFT_OUT = re.compile(r"\.await|tokio::fs|spawn_blocking|^\s*//|\bres(?:p|ponse)?\.status\(\)")
# Names too common to follow: a call of `new` is not a call of the repository's `new`.
COMMON = {"new", "from", "into", "get", "set", "load", "open", "read", "write", "run", "build",
          "start", "parse", "clone", "path", "remove", "insert", "len", "drop", "default",
          "from_str", "try_from", "main", "update", "create", "check", "execute", "save"}
SKIP_DIRS = {".git", "tests", "benches", "target", "examples"}


def reported(lint, repo):
    """(file, line) of everything the lint reports, whatever the rule or the level."""
    run = subprocess.run([lint, "--message-format", "json", "-W", "blocking::startup",
                          "--include-tests", "."], cwd=repo, capture_output=True, text=True)
    out = set()
    for line in run.stdout.splitlines():
        message = json.loads(line)
        if message.get("reason") != "compiler-message":
            continue
        for span in message["message"]["spans"]:
            if span["is_primary"]:
                out.add((span["file_name"].removeprefix("./"), span["line_start"]))
    return out


def functions(repo):
    """(file, name, is_async, first line, last line, lines) of every fn outside test modules."""
    for root, dirs, files in os.walk(repo):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS]
        for name in files:
            if not name.endswith(".rs") or name in ("build.rs", "tests.rs", "test.rs"):
                continue
            path = os.path.join(root, name)
            lines = open(path, errors="replace").read().split("\n")
            end = next((i for i, l in enumerate(lines) if re.match(r"\s*#\[cfg\(test\)\]", l)),
                       len(lines))
            for start in range(end):
                m = re.search(r"\b(async\s+)?fn\s+(\w+)", lines[start])
                if not m or lines[start].lstrip().startswith("//"):
                    continue
                depth, opened, last = 0, False, start
                while last < end:
                    depth += lines[last].count("{") - lines[last].count("}")
                    opened = opened or "{" in lines[last]
                    if (";" in lines[last] and not opened) or (opened and depth <= 0):
                        break
                    last += 1
                yield (os.path.relpath(path, repo), m.group(2), bool(m.group(1)), start, last,
                       lines)


def main():
    lint = os.path.abspath(sys.argv[1])
    corpus = sys.argv[2] if len(sys.argv) > 2 else "target/corpus"
    for repository, commit in sorted(corpus_commits().items()):
        name = repository.replace("/", "+")
        repo = os.path.join(corpus, name)
        known = reported(lint, repo)
        known |= {(f, l) for f, l, _ in labels(os.path.join(HERE, "labels", f"{name}.tsv"),
                                               repository, commit)}
        fns = list(functions(repo))
        blocking_sync = {n for _, n, is_async, s, e, lines in fns
                         if not is_async and n not in COMMON
                         and any(BLOCKING.search(l) and not LEFT_OUT.search(l)
                                 for l in lines[s + 1:e + 1])}
        for file, _, is_async, start, last, lines in fns:
            if not is_async:
                continue
            for index in range(start + 1, last + 1):
                line = lines[index]
                if (file, index + 1) in known or LEFT_OUT.search(line):
                    continue
                called = set(re.findall(r"(\w+)\(", line)) & blocking_sync
                if BLOCKING.search(line) or called:
                    why = f" (calls {', '.join(sorted(called))})" if called else ""
                    print(f"{repository} {file}:{index + 1}{why}: {line.strip()[:120]}")


if __name__ == "__main__":
    main()
