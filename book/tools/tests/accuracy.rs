//! The labels behind the book's page "How well it works" (`book/src/lint/accuracy.md`), checked
//! without the network: one file per repository of `lint/benches/real-world.sh`'s corpus, every
//! row complete, at the commit that script pins, naming a rule the lint has and one of the three
//! verdicts, and no call site judged twice. `bash lint/benches/accuracy.sh` scores the lint
//! against them; this keeps what it reads honest between runs.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::path::PathBuf;

use blocking_lint::rules::REGISTRY;

const HEADER: &str = "repository\tcommit\tfile\tline\trule\tverdict\treason";
const VERDICTS: &[&str] = &["tp", "fp", "missed"];

fn benches() -> PathBuf {
    book_tools::book_dir().join("../lint/benches")
}

/// owner/name -> commit, from the `REPOS="..."` block of real-world.sh.
fn corpus() -> BTreeMap<String, String> {
    let script = fs::read_to_string(benches().join("real-world.sh")).unwrap();
    let block = script
        .split_once("REPOS=\"\n")
        .and_then(|(_, rest)| rest.split_once("\n\""))
        .expect("real-world.sh has a REPOS=\"...\" block")
        .0;
    block
        .lines()
        .filter_map(|line| line.split_once(' '))
        .map(|(repo, commit)| (repo.to_owned(), commit.trim().to_owned()))
        .collect()
}

#[test]
fn every_repository_of_the_corpus_has_a_label_file_and_no_other_file_is_there() {
    let corpus = corpus();
    assert!(corpus.len() >= 7, "the corpus: {corpus:?}");
    let mut files: Vec<String> = fs::read_dir(benches().join("labels"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    files.sort();
    let expected: Vec<String> = corpus
        .keys()
        .map(|repo| format!("{}.tsv", repo.replace('/', "+")))
        .collect();
    assert_eq!(
        files, expected,
        "lint/benches/labels/ holds one file per corpus repository"
    );
}

#[test]
fn every_label_is_complete_at_the_pinned_commit_and_judged_once() {
    let rules: HashSet<String> = REGISTRY.iter().map(|rule| rule.code()).collect();
    let mut problems = Vec::new();
    let mut rows = 0;
    for (repo, commit) in corpus() {
        let name = format!("{}.tsv", repo.replace('/', "+"));
        let text = fs::read_to_string(benches().join("labels").join(&name)).unwrap();
        let mut lines = text.lines().enumerate();
        match lines.next() {
            Some((_, header)) if header == HEADER => {}
            other => problems.push(format!("{name}:1: the header is {HEADER:?}, not {other:?}")),
        }
        let mut seen = HashSet::new();
        for (number, line) in lines {
            let at = format!("{name}:{}", number + 1);
            rows += 1;
            let fields: Vec<&str> = line.split('\t').collect();
            let [row_repo, row_commit, file, line, rule, verdict, reason] = fields[..] else {
                problems.push(format!(
                    "{at}: 7 tab-separated fields, not {}",
                    fields.len()
                ));
                continue;
            };
            if row_repo != repo || row_commit != commit {
                problems.push(format!(
                    "{at}: {row_repo} {row_commit}, not {repo} {commit}"
                ));
            }
            if file.starts_with(['/', '.']) || !file.ends_with(".rs") {
                problems.push(format!(
                    "{at}: {file:?} is not a .rs path inside the repository"
                ));
            }
            if !line.parse::<u32>().is_ok_and(|n| n > 0) {
                problems.push(format!("{at}: line {line:?} is not a line number"));
            }
            if !rules.contains(rule) {
                problems.push(format!("{at}: {rule:?} is no rule of the lint"));
            }
            if !VERDICTS.contains(&verdict) {
                problems.push(format!(
                    "{at}: verdict {verdict:?} is not one of {VERDICTS:?}"
                ));
            }
            if reason.trim().len() < 10 {
                problems.push(format!("{at}: the reason {reason:?} says too little"));
            }
            if !seen.insert((file, line, rule)) {
                problems.push(format!("{at}: {file}:{line} {rule} is judged twice"));
            }
        }
    }
    assert!(rows > 50, "the labels hold {rows} rows");
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

#[test]
fn the_book_page_shows_the_scored_tables() {
    let page = fs::read_to_string(book_tools::book_dir().join("src/lint/accuracy.md")).unwrap();
    assert!(page.contains("{{#include ../figures/lint-accuracy.md}}"));
    let tables =
        fs::read_to_string(book_tools::book_dir().join("src/figures/lint-accuracy.md")).unwrap();
    for repo in corpus().keys() {
        assert!(
            tables.contains(&format!("| {repo} |")),
            "{repo} has a row in book/src/figures/lint-accuracy.md"
        );
    }
}
