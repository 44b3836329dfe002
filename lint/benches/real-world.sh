#!/usr/bin/env bash
# The lint on other people's code: clones public tokio services at fixed commits (outside the
# repository, in $CORPUS_DIR, default target/corpus) and prints, per repository, the findings
# (one per async call site, from --message-format=json), the same with --include-tests (so the
# share of findings in test code shows), the transitive ones and the blocking roots they share,
# and the diagnostics the human report prints. Needs git, python3, and network access to
# github.com, or CORPUS_MIRROR: a folder holding a clone of each repository at
# $CORPUS_MIRROR/<owner>+<name>/repo (a bare repository is fine), whose commit is checked out.
#   bash lint/benches/real-world.sh              # the release build of this checkout
#   LINT=path/to/cargo-blocking-lint bash lint/benches/real-world.sh   # another build
#   CORPUS_MIRROR=/path/to/mirrors bash lint/benches/real-world.sh     # no network
#   bash lint/benches/real-world.sh --fetch      # only fetch the corpus (lint/benches/accuracy.sh)
set -euo pipefail
cd "$(dirname "$0")/../.."

CORPUS_DIR=${CORPUS_DIR:-target/corpus}
LINT=${LINT:-}
FETCH_ONLY=$([ "${1:-}" = "--fetch" ] && echo 1 || true)
if [ -z "$LINT" ] && [ -z "$FETCH_ONLY" ]; then
    cargo build --release -q -p blocking-lint
    LINT=target/release/cargo-blocking-lint
fi
[ -n "$FETCH_ONLY" ] || LINT=$(realpath "$LINT")

# owner/name commit: the state measured in the closing note of issue 10; vaultwarden and lemmy
# (rocket and actix services on diesel) were added for issue 20's typed analysis.
REPOS="
atuinsh/atuin 824c8716d82bed774ee6a83c683087ae77715814
kanidm/kanidm f72676f73006e83bd0819d75a3b1a57fe85beef6
lldap/lldap 9cc54ab03c5a044bfe574e30a6b6245d45c8e7b9
mozilla-services/syncstorage-rs 0d4b14c30992f8074dcddba90612bdd7b1ceaa8c
qdrant/qdrant 74f3e85b9473c62560006c043e13737ce6b48412
svix/svix-webhooks 4fc0cfb8b426c87ef7e2b937e7d896a71d456a47
tokio-rs/mini-redis 3d93b42bc363220f85af4fc9e1bebd35b588a4a3
dani-garcia/vaultwarden 46d71107f5094460dd5ecbe1dbac6e6c71e5189a
LemmyNet/lemmy 439734dd638a2c06a2f907beab7dcf4646e88f86
"

mkdir -p "$CORPUS_DIR"
echo "$REPOS" | while read -r repo commit; do
    [ -n "$repo" ] || continue
    dir="$CORPUS_DIR/${repo/\//+}"
    if [ ! -d "$dir/.git" ]; then
        git init -q "$dir"
        mirror="${CORPUS_MIRROR:-}/${repo/\//+}/repo"
        if [ -n "${CORPUS_MIRROR:-}" ] && [ -d "$mirror" ]; then
            # --depth 1 over file://: a mirror may lack objects of the commit's history
            git -C "$dir" fetch -q --depth 1 "file://$(realpath "$mirror")" "$commit"
        else
            git -C "$dir" fetch -q --depth 1 "https://github.com/$repo" "$commit"
        fi
        # -f: a folder left without its .git (a copy of the sources) is checked out again
        git -C "$dir" checkout -q -f FETCH_HEAD
    fi
done
[ -z "$FETCH_ONLY" ] || exit 0

python3 - "$LINT" "$CORPUS_DIR" <<'PY'
import json, os, re, subprocess, sys

lint, corpus = sys.argv[1], sys.argv[2]

def sites(repo, *extra):
    """Findings (one per async call site), transitive ones, and distinct blocking roots."""
    out = subprocess.run([lint, "--message-format", "json", *extra, "."], cwd=repo,
                         capture_output=True, text=True).stdout
    count, transitive, roots = 0, 0, set()
    for line in out.splitlines():
        message = json.loads(line)
        if message.get("reason") != "compiler-message":
            continue
        code = (message["message"].get("code") or {}).get("code") or ""
        if not code.startswith("blocking::"):
            continue
        count += 1
        for child in message["message"]["children"]:
            if child["message"].startswith("blocking root: "):
                transitive += 1
                roots.add(child["message"])
    return count, transitive, len(roots)

def diagnostics(repo):
    """What the human report prints: a shared root counts once."""
    err = subprocess.run([lint, "--color", "never", "."], cwd=repo,
                         capture_output=True, text=True).stderr
    return len(re.findall(r"^(?:warning|error): blocking call", err, re.M))

print(f"{'repository':34} {'findings':>8} {'+tests':>7} {'in tests':>8} {'transitive':>10} {'roots':>6} {'printed':>8}")
for name in sorted(os.listdir(corpus)):
    repo = os.path.join(corpus, name)
    found, transitive, roots = sites(repo)
    with_tests = sites(repo, "--include-tests")[0]
    share = 100 * (with_tests - found) / with_tests if with_tests else 0
    print(f"{name:34} {found:8} {with_tests:7} {share:7.0f}% {transitive:10} {roots:6} {diagnostics(repo):8}")

def cargo_mode(repo, *extra):
    """(file, line, title, dependency notes) of each finding in cargo mode: the workspace cargo
    describes, with its dependencies' summaries unless --no-deps. Cache in a target folder beside
    the corpus; a repository's pinned toolchain is not required."""
    target = os.path.join(os.path.dirname(os.path.abspath(corpus)), "corpus-target", os.path.basename(repo))
    env = dict(os.environ, CARGO_TARGET_DIR=target)
    env.setdefault("RUSTUP_TOOLCHAIN", "stable")
    run = subprocess.run([lint, "--message-format", "json", *extra], cwd=repo, env=env,
                         capture_output=True, text=True)
    out = []
    for line in run.stdout.splitlines():
        message = json.loads(line)
        if message.get("reason") != "compiler-message":
            continue
        m = message["message"]
        span = next((s for s in m["spans"] if s["is_primary"]), None)
        if span is None:
            continue
        notes = [c["message"] for c in m["children"] if re.search(r"\(\S+ \d+\.\d+[^,]*, ", c["message"])]
        out.append((span["file_name"], span["line_start"], m["message"], notes))
    warned = [l for l in run.stderr.splitlines() if "dependencies were not read" in l]
    return out, warned

# Dependency findings (issue 15): what cargo mode adds over --no-deps, each with its chain, for
# checking by hand.
print()
print("new findings from dependencies' summaries (cargo mode, vs --no-deps):")
total = 0
for name in sorted(os.listdir(corpus)):
    repo = os.path.join(corpus, name)
    if not os.path.isfile(os.path.join(repo, "Cargo.lock")):
        continue
    # --fast: what the dependencies add is the question here, and the types (cargo mode's
    # default) would cost minutes per repository for it (the book's "With types" measures them).
    alone, _ = cargo_mode(repo, "--no-deps", "--fast")
    with_deps, warned = cargo_mode(repo, "--fast")
    seen = {(f, l, t) for f, l, t, _ in alone}
    new = [x for x in with_deps if (x[0], x[1], x[2]) not in seen]
    total += len(new)
    print(f"{name}: {len(new)}" + (f" ({warned[0].split(': ', 1)[1]})" if warned else ""))
    for f, l, t, notes in new:
        print(f"  {f}:{l} {t}")
        for n in notes:
            print(f"      {n}")
print(f"total: {total}")
PY
