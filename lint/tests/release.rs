//! The release workflow and `cargo binstall` agree on where the binary is: the packaging step of
//! `.github/workflows/release.yml` runs here through bash on a stand-in binary, and the archive it
//! makes must be the one that `[package.metadata.binstall]` in `Cargo.toml` points at, with the
//! binary where `bin-dir` says. A mismatch would only show on the first release, as binstall
//! quietly compiling from source instead.
#![cfg(unix)]

mod support;

use std::path::PathBuf;
use std::process::Command;

use yaml_rust2::{Yaml, YamlLoader};

const TARGET: &str = "x86_64-unknown-linux-gnu";

fn root() -> PathBuf {
    support::crate_dir().join("..")
}

/// `[package]` of the lint's manifest.
fn package() -> toml::Table {
    let text = std::fs::read_to_string(support::crate_dir().join("Cargo.toml")).unwrap();
    let manifest: toml::Table = toml::from_str(&text).unwrap();
    manifest["package"].as_table().unwrap().clone()
}

/// One of binstall's templates with the values it has for this version and target on Linux.
fn expand(template: &str, repo: &str, version: &str) -> String {
    let mut out = template.to_owned();
    for (name, value) in [
        ("repo", repo),
        ("name", env!("CARGO_PKG_NAME")),
        ("version", version),
        ("target", TARGET),
        ("bin", "cargo-blocking-lint"),
        ("binary-ext", ""),
    ] {
        out = out
            .replace(&format!("{{ {name} }}"), value)
            .replace(&format!("{{{name}}}"), value);
    }
    assert!(
        !out.contains('{'),
        "a variable this test does not know: {out}"
    );
    out
}

fn workflow() -> Yaml {
    let path = root().join(".github/workflows/release.yml");
    let text = std::fs::read_to_string(&path).unwrap();
    YamlLoader::load_from_str(&text).unwrap().remove(0)
}

/// The step named `name` of the job that builds the binaries.
fn build_step<'a>(workflow: &'a Yaml, name: &str) -> &'a Yaml {
    workflow["jobs"]["build"]["steps"]
        .as_vec()
        .expect("the build job's steps")
        .iter()
        .find(|s| s["name"].as_str() == Some(name))
        .unwrap_or_else(|| panic!("no step {name}"))
}

#[test]
fn the_release_asset_is_where_binstall_looks() {
    let package = package();
    let binstall = package["metadata"]["binstall"].as_table().unwrap();
    // `repository.workspace = true` takes the workspace's.
    let repo = match package["repository"].as_str() {
        Some(repo) => repo.to_owned(),
        None => {
            let text = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
            let workspace: toml::Table = toml::from_str(&text).unwrap();
            workspace["workspace"]["package"]["repository"]
                .as_str()
                .unwrap()
                .to_owned()
        }
    };
    let version = env!("CARGO_PKG_VERSION");
    let tag = format!("v{version}");
    assert_eq!(binstall["pkg-fmt"].as_str(), Some("tgz"));

    let workflow = workflow();
    // The tags that start a release are the ones the URL names.
    let tags = workflow["on"]["push"]["tags"].as_vec().expect("tags");
    assert!(tags.iter().any(|t| t.as_str() == Some("v*")), "{tags:?}");
    let targets: Vec<&str> = workflow["jobs"]["build"]["strategy"]["matrix"]["include"]
        .as_vec()
        .expect("the build matrix")
        .iter()
        .map(|m| m["target"].as_str().unwrap())
        .collect();
    assert!(targets.contains(&TARGET), "{targets:?}");
    let build = build_step(&workflow, "Build");
    assert!(
        build["run"].as_str().unwrap().contains("--locked"),
        "the release builds what Cargo.lock says"
    );

    // The packaging step as the runner runs it (`bash -e`), from a checkout holding what it
    // copies; the binary is a stand-in.
    let run = build_step(&workflow, "Package")["run"].as_str().unwrap();
    let dir = std::env::temp_dir().join(format!("blocking-lint-release-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let bin = dir.join(format!("target/{TARGET}/release/cargo-blocking-lint"));
    std::fs::create_dir_all(bin.parent().unwrap()).unwrap();
    std::fs::create_dir_all(dir.join("lint")).unwrap();
    std::fs::write(&bin, "stand-in").unwrap();
    for file in ["lint/README.md", "LICENSE-MIT", "LICENSE-APACHE"] {
        std::fs::copy(root().join(file), dir.join(file)).unwrap();
    }
    let output_file = dir.join("github-output");
    let out = Command::new("bash")
        .args(["-e", "-c", run])
        .current_dir(&dir)
        .env("TARGET", TARGET)
        .env("GITHUB_REF_NAME", &tag)
        .env("GITHUB_OUTPUT", &output_file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let outputs = std::fs::read_to_string(&output_file).unwrap();
    let asset = outputs
        .lines()
        .find_map(|l| l.strip_prefix("asset="))
        .expect("the step names its asset");

    let url = expand(binstall["pkg-url"].as_str().unwrap(), &repo, version);
    assert_eq!(url, format!("{repo}/releases/download/{tag}/{asset}"));
    let listing = Command::new("tar")
        .args(["tzf", asset])
        .current_dir(&dir)
        .output()
        .unwrap();
    let listing = String::from_utf8_lossy(&listing.stdout);
    let bin_dir = expand(binstall["bin-dir"].as_str().unwrap(), &repo, version);
    assert!(
        listing.lines().any(|l| l == bin_dir),
        "{bin_dir} in {listing}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
