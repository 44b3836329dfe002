//! A lesson's description: `lessons/NN-slug/lesson.toml`, one file a lesson.
//!
//! What shows a lesson off, rather than being it, reads the lesson from that file: its `main.rs`
//! (the title `--help` prints, the port, the commands the banner suggests), the live page (its
//! intro and buttons), its tests (every button answers, every text is in both languages) and
//! `book-tools` (the command behind the demo's stored run, and the figures drawn from it). So a
//! new lesson is a crate, its description, a chapter and a line in `SUMMARY.md`; nothing else
//! keeps a list of lessons.
//!
//! It is a data file and not a Rust constant because `book-tools` reads it too: as a constant in
//! a lesson, the book's tools would have to build every lesson (and tokio, axum, SQLite...) to
//! learn a port and a command line. The binary embeds it at compile time with [`lesson!`](crate::lesson),
//! so a lesson that runs has a description that parses: every lesson's tests parse it.

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use serde::Deserialize;

use crate::live::{self, Button, Text};

/// Reads the calling crate's `lesson.toml` (beside its `Cargo.toml`), embedded at compile time,
/// with the crate's name and version for `--help` and `--version`.
///
/// # Panics
/// When the file does not parse: every lesson's tests call this, so that fails there first.
#[macro_export]
macro_rules! lesson {
    () => {
        $crate::lesson::Lesson::parse(
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/lesson.toml")),
            env!("CARGO_PKG_NAME"),
            env!("CARGO_PKG_VERSION"),
        )
    };
}

/// One lesson, as its `lesson.toml` describes it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lesson {
    /// The lesson's name in both languages: the first line of `--help`, the live page's title.
    pub title: Text,
    /// The port it serves on unless `--addr` says otherwise: one per lesson, so that two lessons
    /// can run at once. A lesson with no server (05, the pitfalls) has none.
    pub port: Option<u16>,
    /// The commands the banner prints under "Then try:", `{addr}` standing for where it listens.
    #[serde(default, rename = "try")]
    pub try_lines: Vec<String>,
    /// The live page at `/`.
    pub live: Option<Live>,
    /// The demo's stored run and its figures: read by `book-tools`, kept here as data only.
    pub demo: Option<toml::Table>,
    /// The crate's name and version, from [`lesson!`](crate::lesson); not in the file.
    #[serde(skip)]
    pub package: &'static str,
    #[serde(skip)]
    pub version: &'static str,
}

/// The live page's part of a description.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Live {
    /// One or two sentences above the buttons: what to press and what to watch.
    pub intro: Text,
    pub buttons: Vec<LiveButton>,
    /// Numbers a button's path names as `{name}`, by build: a plain `cargo run` is a debug
    /// build, several times slower at a CPU loop than `--release`, and a button should take about
    /// as long in both.
    #[serde(default)]
    pub values: BTreeMap<String, ByBuild>,
}

/// A number for a debug build and one for a release build.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ByBuild {
    pub debug: u64,
    pub release: u64,
}

impl ByBuild {
    /// The number for the build this code is part of.
    pub fn this_build(self) -> u64 {
        if cfg!(debug_assertions) {
            self.debug
        } else {
            self.release
        }
    }
}

/// A button as the description writes it (see [`Button`] for what each part does).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LiveButton {
    pub label: Text,
    pub path: String,
    /// Requests a press sends at once; two fill the two workers of a default run.
    #[serde(default = "one")]
    pub times: usize,
    pub hint: Option<Text>,
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// A JSON body: the requests become `POST`s.
    pub json: Option<String>,
}

fn one() -> usize {
    1
}

impl Lesson {
    /// Parses a description; `package` and `version` are the crate's (see [`lesson!`](crate::lesson)).
    ///
    /// # Panics
    /// When `text` is not a valid description, naming what is wrong.
    pub fn parse(text: &str, package: &'static str, version: &'static str) -> Self {
        let lesson: Self =
            toml::from_str(text).unwrap_or_else(|error| panic!("{package}'s lesson.toml: {error}"));
        Self {
            package,
            version,
            ..lesson
        }
    }

    /// Where the lesson listens unless `--addr` says otherwise: its port on 127.0.0.1.
    ///
    /// # Panics
    /// If the description names no port: only a lesson without a server lacks one.
    pub fn addr(&self) -> SocketAddr {
        let port = self
            .port
            .unwrap_or_else(|| panic!("{}'s lesson.toml names no port", self.package));
        SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), port)
    }

    /// The live page the description declares, its `{value}`s filled for this build.
    ///
    /// # Panics
    /// If the description has no `[live]`, or a path names a value it does not declare.
    pub fn live_page(&self) -> live::Page {
        let live = self
            .live
            .as_ref()
            .unwrap_or_else(|| panic!("{}'s lesson.toml has no [live] page", self.package));
        let buttons = live
            .buttons
            .iter()
            .map(|spec| {
                let mut path = spec.path.clone();
                for (name, value) in &live.values {
                    path = path.replace(&format!("{{{name}}}"), &value.this_build().to_string());
                }
                assert!(
                    !path.contains('{'),
                    "{}: the button {:?} names a value [live.values] does not declare",
                    self.package,
                    spec.path
                );
                let mut button = Button::new(spec.label.clone(), path).times(spec.times);
                for (name, value) in &spec.headers {
                    button = button.header(name, value);
                }
                if let Some(json) = &spec.json {
                    button = button.post_json(json);
                }
                match &spec.hint {
                    Some(hint) => button.hint(hint.clone()),
                    None => button,
                }
            })
            .collect();
        live::Page {
            title: self.title.clone(),
            intro: live.intro.clone(),
            buttons,
        }
    }
}

/// The two tests every lesson with a live page has, on its router `app`: every button of the
/// page answers 200, and every text of the page is in both languages. Put them in a test file of
/// their own: the buttons' work is seconds of CPU, which must not run beside timing tests (cargo
/// runs test files one after another, the tests inside one file at once).
#[macro_export]
macro_rules! live_page_tests {
    ($app:expr) => {
        /// A worker for each button, as the presses would have had.
        #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
        async fn every_button_of_the_page_works() {
            let page = $crate::lesson!().live_page();
            $crate::live::assert_buttons_answer($app, &page).await;
        }

        /// The page shows one language by the browser's, so a text left in one language would
        /// reach a reader untranslated.
        #[test]
        fn every_text_of_the_page_is_in_both_languages() {
            $crate::live::assert_bilingual(&$crate::lesson!().live_page());
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    const DESCRIPTION: &str = r#"
        title = { en = "Lesson 99: a test", zh = "第 99 课：测试" }
        port = 3099
        try = ["curl http://{addr}/health"]

        [live]
        intro = { en = "Press it.", zh = "按下它。" }
        values = { rounds = { debug = 7, release = 70 } }

        [[live.buttons]]
        label = { en = "spin", zh = "空转" }
        path = "/cpu?n={rounds}"
        times = 2

        [[live.buttons]]
        label = { en = "post", zh = "提交" }
        path = "/calc/7"
        headers = { x-backend = "async" }
        json = '{"power": 1}'
    "#;

    #[test]
    fn a_description_gives_the_address_and_the_page() {
        let lesson = Lesson::parse(DESCRIPTION, "lesson-99", "0.1.0");
        assert_eq!(lesson.addr().to_string(), "127.0.0.1:3099");
        let page = lesson.live_page();
        assert_eq!(page.title.en, "Lesson 99: a test");
        let rounds = if cfg!(debug_assertions) { 7 } else { 70 };
        assert_eq!(page.buttons[0].path, format!("/cpu?n={rounds}"));
        assert_eq!((page.buttons[0].count, page.buttons[0].method), (2, "GET"));
        let post = &page.buttons[1];
        assert_eq!((post.count, post.method), (1, "POST"));
        assert_eq!(post.headers["x-backend"], "async");
        assert_eq!(post.body.as_deref(), Some(r#"{"power": 1}"#));
    }

    #[test]
    #[should_panic(expected = "lesson-99's lesson.toml")]
    fn an_unknown_key_is_an_error_naming_the_lesson() {
        Lesson::parse(
            "title = { en = \"a\", zh = \"乙\" }\nport = 1\nprot = 2\n",
            "lesson-99",
            "0",
        );
    }

    #[test]
    #[should_panic(expected = "does not declare")]
    fn a_value_the_page_does_not_declare_is_an_error() {
        let text = DESCRIPTION.replace("{rounds}\"", "{turns}\"");
        Lesson::parse(&text, "lesson-99", "0.1.0").live_page();
    }
}
