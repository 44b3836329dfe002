#!/usr/bin/env python3
"""How often the lint is right on the real-world corpus, scored against labels kept as data.

    python3 lint/benches/accuracy.py LINT [CORPUS_DIR] [--all-unjudged] [--book]

`lint/benches/accuracy.sh` fetches the corpus by commit and calls this; run that. The corpus is
the repositories of `lint/benches/real-world.sh` (their commits are read from it), linted in
PATH mode (`cargo-blocking-lint --message-format json .` in each repository, test code left
out, as real-world.sh's "findings" column). Labels are `lint/benches/labels/<owner>+<name>.tsv`,
one row a call site: repository, commit, file, line, rule, verdict, reason. The verdict is
`tp` (the lint reports it and it blocks a thread that runs async code), `fp` (the lint reports
it and it does not) or `missed` (it blocks such a thread and the lint does not report it).

With --book it also writes the tables, with the date, the lint's version and the commit measured,
to BOOK_TABLES, which the book's page "How well it works" includes.

A finding matches a label by file, line and rule. A finding with no label is unjudged: listed,
never counted as right. Precision is tp / (tp + fp) over the judged findings, with its 95%
Wilson interval (a sample of 20 says little). Recall is tp / (tp + missed); where findings are
judged on a sample, tp is estimated as tp + unjudged * precision, per repository and rule (a
rule with no judged finding takes its repository's precision), and the recall is marked `~`.
`missed` rows come from a search by hand, which finds some misses, never all: recall is an
upper bound. A `tp` label the lint no longer reports counts as missed; a `missed` label it now
reports counts as tp; both are listed, so the label can be updated.

The sample: every finding of a repository with at most SMALL findings, and of a rule with at
most SMALL_RULE findings in its repository; of the rest, the sites whose
sha256("file:line:rule") starts with a byte below 256 / SAMPLE_EVERY. Membership depends on the
site and those two counts alone, so a change elsewhere rarely moves the sample.
"""
import datetime
import hashlib
import json
import math
import os
import re
import subprocess
import sys

SMALL = 30
SMALL_RULE = 10
SAMPLE_EVERY = 4
VERDICTS = ("tp", "fp", "missed")
FIELDS = ("repository", "commit", "file", "line", "rule", "verdict", "reason")
HERE = os.path.dirname(os.path.abspath(__file__))
BOOK_TABLES = os.path.join(HERE, "..", "..", "book", "src", "figures", "lint-accuracy.md")


def corpus_commits():
    """owner/name -> commit, as real-world.sh pins them."""
    script = open(os.path.join(HERE, "real-world.sh")).read()
    block = re.search(r'^REPOS="\n(.*?)^"', script, re.M | re.S).group(1)
    return dict(line.split() for line in block.splitlines() if line.strip())


def findings(lint, repo):
    """(file, line, rule) -> the finding's message, one per call site."""
    run = subprocess.run([lint, "--message-format", "json", "."], cwd=repo,
                         capture_output=True, text=True)
    if run.returncode not in (0, 1):
        sys.exit(f"{lint} failed on {repo}: {run.stderr.strip()}")
    out = {}
    for line in run.stdout.splitlines():
        message = json.loads(line)
        if message.get("reason") != "compiler-message":
            continue
        m = message["message"]
        rule = (m.get("code") or {}).get("code") or ""
        span = next((s for s in m["spans"] if s["is_primary"]), None)
        if not rule.startswith("blocking::") or span is None:
            continue
        file = span["file_name"].removeprefix("./")
        out.setdefault((file, span["line_start"], rule), m["message"])
    return out


def labels(path, repository, commit):
    """(file, line, rule) -> (verdict, reason); exits on a malformed row."""
    out = {}
    if not os.path.exists(path):
        return out
    with open(path) as f:
        rows = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    if tuple(rows[0]) != FIELDS:
        sys.exit(f"{path}: the first row must be the header {' '.join(FIELDS)}")
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(FIELDS) or not all(row):
            sys.exit(f"{path}:{number}: {len(FIELDS)} non-empty tab-separated fields expected")
        repo, at, file, line, rule, verdict, reason = row
        if repo != repository or at != commit or verdict not in VERDICTS:
            sys.exit(f"{path}:{number}: repository, commit or verdict is not {repository}, "
                     f"{commit}, one of {VERDICTS}")
        key = (file, int(line), rule)
        if key in out:
            sys.exit(f"{path}:{number}: a second label for {file}:{line} {rule}")
        out[key] = (verdict, reason)
    return out


def sampled(key, found):
    """Whether the finding `key` of the repository's findings `found` is in the sample."""
    file, line, rule = key
    if len(found) <= SMALL or sum(1 for k in found if k[2] == rule) <= SMALL_RULE:
        return True
    return hashlib.sha256(f"{file}:{line}:{rule}".encode()).digest()[0] < 256 // SAMPLE_EVERY


# What a judged finding is, from its verdict and the first words of its label's reason.
KINDS = (
    "right, in a server or a daemon",
    "right, in a command-line tool (`CLI:`)",
    "wrong: start-up",
    "wrong: shut-down",
    "wrong: test code",
    "wrong: other",
)


def kind(verdict, reason):
    if verdict in ("tp", "missed"):
        return KINDS[1] if reason.startswith("CLI:") else KINDS[0]
    for name in KINDS[2:5]:
        if reason.startswith(name.split(": ")[1] + ":"):
            return name
    return KINDS[5]


class Score:
    def __init__(self):
        self.found = self.tp = self.fp = self.unjudged = self.missed = 0
        self.estimated_tp = 0.0

    def add(self, other):
        for field in ("found", "tp", "fp", "unjudged", "missed", "estimated_tp"):
            setattr(self, field, getattr(self, field) + getattr(other, field))

    def precision(self):
        judged = self.tp + self.fp
        return self.tp / judged if judged else None

    def close(self, fallback):
        """The estimated true positives, once this cell's counts are in: its unjudged findings
        are right as often as its judged ones, or as `fallback` when none is judged."""
        precision = self.precision()
        precision = fallback if precision is None else precision
        self.estimated_tp = self.tp + self.unjudged * precision

    def row(self, name):
        judged = self.tp + self.fp
        precision = interval = "n/a"
        if judged:
            low, high = wilson(self.tp, judged)
            precision = f"{100 * self.tp / judged:.0f}%"
            interval = f"{100 * low:.0f}–{100 * high:.0f}%"
        truth = self.estimated_tp + self.missed
        recall = "n/a"
        if truth:
            recall = ("~" if self.unjudged else "") + f"{100 * self.estimated_tp / truth:.0f}%"
        return (f"| {name} | {self.found} | {judged} | {self.tp} | {self.fp} | {precision} "
                f"| {interval} | {self.missed} | {recall} |")


HEADER = ("| {} | findings | judged | right (tp) | wrong (fp) | precision | 95% interval "
          "| missed | recall |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|")


def wilson(right, n, z=1.96):
    """The 95% Wilson score interval of a proportion right / n."""
    p = right / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    all_unjudged = "--all-unjudged" in sys.argv
    lint = os.path.abspath(args[0])
    corpus = args[1] if len(args) > 1 else "target/corpus"
    version = subprocess.run([lint, "--version"], capture_output=True, text=True).stdout.strip()
    commit = subprocess.run(["git", "-C", HERE, "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip()
    changed = subprocess.run(["git", "-C", HERE, "status", "--porcelain", "--", "../src"],
                             capture_output=True, text=True).stdout.strip()
    measured = (f"Measured {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d} with "
                f"`{version}` built from commit `{commit}`"
                f"{' with uncommitted changes to lint/src' if changed else ''}, in PATH mode "
                "(`--message-format json .` in each repository; test code left out).")
    print(measured)
    print()
    cells = {}  # (repository, rule) -> Score
    kinds = {}  # what the judged findings are (see `kind`) -> how many
    notes = []
    for repository, commit in sorted(corpus_commits().items()):
        name = repository.replace("/", "+")
        repo = os.path.join(corpus, name)
        head = subprocess.run(["git", "-C", repo, "rev-parse", "HEAD"], capture_output=True,
                              text=True).stdout.strip()
        if head != commit:
            sys.exit(f"{repo} is at {head or 'no commit'}, not {commit}: run "
                     "`bash lint/benches/real-world.sh --fetch` (or remove the folder)")
        found = findings(lint, repo)
        judged = labels(os.path.join(HERE, "labels", f"{name}.tsv"), repository, commit)
        unjudged = []
        for key in found:
            cell = cells.setdefault((repository, key[2]), Score())
            cell.found += 1
            verdict, reason = judged.get(key, (None, None))
            if verdict is not None:
                kinds[kind(verdict, reason)] = kinds.get(kind(verdict, reason), 0) + 1
            if verdict == "tp" or verdict == "missed":
                cell.tp += 1
                if verdict == "missed":
                    notes.append(f"now found, label says missed: {repository} {key[0]}:{key[1]} {key[2]}")
            elif verdict == "fp":
                cell.fp += 1
            else:
                cell.unjudged += 1
                unjudged.append(key)
        for key, (verdict, _) in judged.items():
            if key in found:
                continue
            if verdict in ("tp", "missed"):
                cells.setdefault((repository, key[2]), Score()).missed += 1
            if verdict == "tp":
                notes.append(f"no longer found, label says tp: {repository} {key[0]}:{key[1]} {key[2]}")
            if verdict == "fp":
                notes.append(f"no longer found, label says fp: {repository} {key[0]}:{key[1]} {key[2]}")
        for key in sorted(unjudged):
            if all_unjudged or sampled(key, found):
                notes.append(f"unjudged{' (in the sample)' if sampled(key, found) else ''}: "
                             f"{repository} {key[0]}:{key[1]} {key[2]} {found[key]}")
        if len(unjudged) and not all_unjudged:
            outside = sum(1 for k in unjudged if not sampled(k, found))
            if outside:
                notes.append(f"unjudged outside the sample: {repository}: {outside} "
                             "(--all-unjudged lists them)")
    # A cell without a judged finding is estimated with its repository's precision, or with
    # the whole corpus's when the repository has none either.
    judged_in = {}
    for (repository, _), cell in cells.items():
        judged_in.setdefault(repository, Score()).add(cell)
        judged_in.setdefault(None, Score()).add(cell)
    overall = judged_in.get(None, Score()).precision() or 0.0
    for (repository, _), cell in cells.items():
        repo_precision = judged_in[repository].precision()
        cell.close(overall if repo_precision is None else repo_precision)

    by_repo, by_rule, total = {}, {}, Score()
    for (repository, rule), cell in cells.items():
        by_repo.setdefault(repository, Score()).add(cell)
        by_rule.setdefault(rule, Score()).add(cell)
        total.add(cell)
    for repository in corpus_commits():
        by_repo.setdefault(repository, Score())
    tables = [HEADER.format("repository")]
    tables += [by_repo[repository].row(repository) for repository in sorted(by_repo)]
    tables += [total.row("**all**"), "", HEADER.format("rule")]
    tables += [by_rule[rule].row(f"`{rule}`") for rule in sorted(by_rule)]
    tables += [total.row("**all**"), "", "| the judged findings | findings |", "|---|---:|"]
    tables += [f"| {name} | {kinds[name]} |" for name in KINDS if kinds.get(name)]
    print("\n".join(tables))
    if "--book" in sys.argv:
        with open(BOOK_TABLES, "w") as f:
            f.write("<!-- generated by `bash lint/benches/accuracy.sh --book` from "
                    "lint/benches/labels/; do not edit -->\n\n")
            f.write(measured + "\n\n" + "\n".join(tables) + "\n")
    if notes:
        print()
        for note in notes:
            print(note)


if __name__ == "__main__":
    main()
