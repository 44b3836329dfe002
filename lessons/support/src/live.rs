//! The live page: a lesson's buttons, and `/health`'s latency drawn as the browser sees it.
//!
//! A table after a demo says what happened; a line that jumps when you press a button shows it.
//! [`page`] gives a lesson a `GET /` that serves one self-contained HTML page: the style and the
//! script are compiled into the binary from `live/` beside this file, so the page needs no CDN,
//! no npm and no build step, and it works offline. The page
//! - probes [`HEALTH`] every 50 ms and draws each probe's latency over the last 20 s (log scale),
//!   with the p99 of the last second beside the chart;
//! - fires the lesson's routes from its [`Button`]s, each press marked on the time axis;
//! - lists the blocking watchdog's stalls from [`EVENTS`] (server-sent events) where the
//!   watchdog runs, and leaves the list out where it does not (`LESSON_WATCHDOG=off`).
//!
//! What the page measures is also written into `data-` attributes of its `<figure id="latency">`,
//! so a browser test reads the page's own numbers instead of guessing them from pixels:
//! `data-samples` (probes answered so far), `data-p99-ms` (the p99 beside the chart),
//! `data-peak-ms` (the slowest probe sent since the last press) and `data-pending` (button
//! requests still in flight). The stall list's `<section>` has `data-events`: `probing`, `on` or
//! `off`.
//!
//! The page speaks English and Simplified Chinese. Every text a lesson gives it is a [`Text`],
//! both languages declared side by side; the page's own words sit in the same shape in the
//! script. The script picks one language for all of them in the browser: the first of
//! `navigator.languages` that is `zh…` (zh-CN, zh-TW, zh) or `en…`, English when none is, and
//! `?lang=zh` or `?lang=en` in the page's address overrides the browser. Numbers, routes and
//! headers are the same in both (`2 × GET /block?ms=2000`).
//!
//! The lesson decides the buttons; this module knows no lesson.

use std::collections::BTreeMap;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use bytes::Bytes;
use serde::{Deserialize, Serialize};

/// The route the page probes: every lesson serves it, and it does nothing, so its latency is
/// the time a request waits for a worker.
pub const HEALTH: &str = "/health";
/// Where the blocking watchdog streams its stalls (`event: stall`, one JSON object a stall).
pub const EVENTS: &str = "/debug/blocking/events";

const TEMPLATE: &str = include_str!("live/page.html");
const STYLE: &str = include_str!("live/page.css");
const SCRIPT: &str = include_str!("live/page.js");

/// A text of the page in each language it speaks. A lesson declares both where it declares the
/// text, so a label cannot ship in one language only; [`assert_bilingual`] checks that neither
/// was left as a copy of the other.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// English: what every browser that does not prefer Chinese gets.
    pub en: String,
    /// Simplified Chinese, in the glossary's terms (处理函数, 工作线程, 阻塞线程池, 移交):
    /// what a browser that prefers `zh…` gets.
    pub zh: String,
}

impl Text {
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> Self {
        Self {
            en: en.into(),
            zh: zh.into(),
        }
    }
}

/// What a lesson's page shows: its name, a sentence on what to do, and its buttons.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    pub title: Text,
    /// One or two sentences above the buttons: what to press and what to watch.
    pub intro: Text,
    pub buttons: Vec<Button>,
}

/// A button of the page: `count` concurrent requests to `path`, sent when it is pressed.
#[derive(Debug, Clone, Serialize)]
pub struct Button {
    /// What the button says, and the mark left on the chart's time axis.
    pub label: Text,
    /// `GET` unless [`Button::post_json`] made it a `POST`.
    pub method: &'static str,
    /// A path with its query, on the lesson's own server (`/block?ms=2000`).
    pub path: String,
    /// Request headers, such as the one that picks lesson 03's backend.
    pub headers: BTreeMap<String, String>,
    /// A JSON body, for a `POST`.
    pub body: Option<String>,
    /// How many requests one press sends at once: two fill the two workers of a default run.
    pub count: usize,
    /// A line under the label saying what the requests do; without one the page shows the
    /// requests themselves (`2 × GET /block?ms=2000`).
    pub hint: Option<Text>,
}

impl Button {
    /// One request to `path` a press; see [`Button::times`] and [`Button::hint`].
    ///
    /// # Panics
    /// If `path` does not start with `/`: the page only calls its own server.
    pub fn new(label: Text, path: impl Into<String>) -> Self {
        let path = path.into();
        assert!(
            path.starts_with('/'),
            "a button's path starts with /: {path}"
        );
        Self {
            label,
            method: "GET",
            path,
            headers: BTreeMap::new(),
            body: None,
            count: 1,
            hint: None,
        }
    }

    /// Makes the requests `POST`s with `json` as their body.
    pub fn post_json(mut self, json: impl Into<String>) -> Self {
        self.method = "POST";
        self.body = Some(json.into());
        self.header("content-type", "application/json")
    }

    /// Adds a header to every request the button sends.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.insert(name.into(), value.into());
        self
    }

    /// Sends `count` requests at once on each press (at least one).
    pub fn times(mut self, count: usize) -> Self {
        self.count = count.max(1);
        self
    }

    pub fn hint(mut self, hint: Text) -> Self {
        self.hint = Some(hint);
        self
    }
}

/// Panics naming every text of `page` that is not in both languages: a Chinese text without a
/// Chinese character, or an English one with one (the two swapped, or one copied into the
/// other). A lesson's test calls it, so an untranslated label fails there and not in front of a
/// reader.
pub fn assert_bilingual(page: &Page) {
    let han = |text: &str| {
        text.chars()
            .any(|c| matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}'))
    };
    let mut texts = vec![("title", &page.title), ("intro", &page.intro)];
    for button in &page.buttons {
        texts.push(("a button's label", &button.label));
        if let Some(hint) = &button.hint {
            texts.push(("a button's hint", hint));
        }
    }
    let wrong: Vec<String> = texts
        .into_iter()
        .filter(|(_, text)| !han(&text.zh) || han(&text.en))
        .map(|(what, text)| format!("{what}: {text:?}"))
        .collect();
    assert!(wrong.is_empty(), "texts not in both languages: {wrong:#?}");
}

/// Sends one request of every button of `page` through `app`, all at once, and panics naming
/// each button that was not answered 200: a route renamed, a query that no longer validates, a
/// sum that overflows. The buttons' work is real (seconds of it), so run this on a runtime with a
/// worker for each button, as the page's presses would have.
pub async fn assert_buttons_answer(app: Router, page: &Page) {
    let mut presses = tokio::task::JoinSet::new();
    for button in &page.buttons {
        let mut request = Request::builder().method(button.method).uri(&button.path);
        for (name, value) in &button.headers {
            request = request.header(name, value);
        }
        let body = button.body.clone().map_or_else(Body::empty, Body::from);
        let request = request
            .body(body)
            .expect("a button's request is well formed");
        let (app, label) = (app.clone(), button.label.en.clone());
        presses.spawn(async move { (label, crate::testing::send(app, request).await) });
    }
    let mut failed = Vec::new();
    while let Some(pressed) = presses.join_next().await {
        let (label, answer) = pressed.expect("a press does not panic");
        if answer.status != StatusCode::OK {
            failed.push(format!("{label:?}: {} {}", answer.status, answer.body));
        }
    }
    assert!(failed.is_empty(), "buttons that do not work: {failed:#?}");
}

/// The data the script reads: the page, and the two routes it talks to besides the buttons'.
#[derive(Serialize)]
struct Config<'a> {
    #[serde(flatten)]
    page: &'a Page,
    health: &'static str,
    /// `None` when the watchdog is off: the page then never asks for the route, whose 404 the
    /// browser would print in red in its console.
    events: Option<&'static str>,
}

/// A router with the page at `GET /`, to merge into the lesson's own.
pub fn page<S>(page: &Page) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    // Rendered once: the page is the same for every request.
    let html = Bytes::from(render(page));
    Router::new().route(
        "/",
        get(move || {
            let html = html.clone();
            async move {
                // A rebuilt lesson may bring a new page; the browser should not keep the old one.
                ([(header::CACHE_CONTROL, "no-store")], Html(html)).into_response()
            }
        }),
    )
}

/// The page's HTML, with the style, the script and the configuration put in their places.
fn render(page: &Page) -> String {
    let config = serde_json::to_string(&Config {
        page,
        health: HEALTH,
        // The same switch that decides whether `serve` mounts the route.
        events: crate::watchdog::global().map(|_| EVENTS),
    })
    .expect("a page's configuration is plain data");
    // The JSON sits inside a <script> element, where `</script>` or `<!--` in a label would end
    // or confuse it; `\u003c` is the same character to the JSON parser and nothing to HTML's.
    let config = config.replace('<', "\\u003c");
    TEMPLATE
        .replace("/*{{style}}*/", STYLE)
        .replace("/*{{script}}*/", SCRIPT)
        .replace("{{config}}", &config)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::Json;
    use axum::routing::post;
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    fn sample() -> Page {
        Page {
            title: Text::new("Lesson 00", "第 00 课"),
            intro: Text::new("Press it.", "按一下。"),
            buttons: vec![
                Button::new(
                    Text::new("a </script><!-- b", "甲 </script><!-- 乙"),
                    "/block?ms=1",
                )
                .times(2)
                .hint(Text::new("two", "两个")),
                Button::new(Text::new("post", "发送"), "/calc/7")
                    .post_json(r#"{"power": 1}"#)
                    .header("x-backend", "async"),
            ],
        }
    }

    #[test]
    fn the_config_cannot_end_its_script_element() {
        let html = render(&sample());
        let (_, after) = html.split_once(r#"id="live-config">"#).unwrap();
        let (json, _) = after.split_once("</script>").unwrap();
        let config: serde_json::Value = serde_json::from_str(json).unwrap();
        // Both languages reach the script, which picks one in the browser.
        let first = &config["buttons"][0];
        assert_eq!(first["label"]["en"], "a </script><!-- b");
        assert_eq!(first["label"]["zh"], "甲 </script><!-- 乙");
        assert_eq!(first["hint"]["zh"], "两个");
        assert_eq!(config["title"]["zh"], "第 00 课");
        assert_eq!(config["intro"]["en"], "Press it.");
        assert_eq!(config["buttons"][1]["hint"], serde_json::Value::Null);
        assert_eq!(config["buttons"][0]["count"], 2);
        assert_eq!(config["buttons"][0]["method"], "GET");
        let post = &config["buttons"][1];
        assert_eq!(post["method"], "POST");
        assert_eq!(post["body"], r#"{"power": 1}"#);
        assert_eq!(post["headers"]["content-type"], "application/json");
        assert_eq!(post["headers"]["x-backend"], "async");
        assert_eq!(config["health"], HEALTH);
        let events = crate::watchdog::global().map(|_| EVENTS);
        assert_eq!(config["events"], serde_json::json!(events));
    }

    #[test]
    fn every_placeholder_is_filled_and_nothing_is_fetched_from_elsewhere() {
        let html = render(&sample());
        assert!(!html.contains("{{"), "a placeholder is left");
        assert!(html.contains(SCRIPT) && html.contains(STYLE));
        // Self-contained: no stylesheet, script or font from another origin.
        for remote in ["http://", "https://", "//cdn", "src=\"/"] {
            assert!(!html.contains(remote), "the page refers to {remote}");
        }
    }

    #[tokio::test]
    async fn the_page_is_served_at_the_root_as_html() {
        let app: Router = page(&sample());
        let response = app
            .oneshot(Request::get("/").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let headers = response.headers();
        assert_eq!(headers[header::CACHE_CONTROL], "no-store");
        assert!(
            headers[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
        let body = response.into_body().collect().await.unwrap().to_bytes();
        assert!(body.starts_with(b"<!doctype html>"));
    }

    /// A router with one route that wants a header and a JSON body, as lesson 03 and 04's do.
    fn picky() -> Router {
        Router::new().route(
            "/calc",
            post(
                |headers: axum::http::HeaderMap, Json(body): Json<serde_json::Value>| async move {
                    match (headers.get("x-backend"), body.get("power")) {
                        (Some(_), Some(_)) => (StatusCode::OK, Json(body)),
                        _ => (StatusCode::BAD_REQUEST, Json(serde_json::json!({}))),
                    }
                },
            ),
        )
    }

    fn page_with(button: Button) -> Page {
        Page {
            title: Text::new("t", "题"),
            intro: Text::new("i", "简介"),
            buttons: vec![button],
        }
    }

    #[tokio::test]
    async fn a_button_sends_its_method_headers_and_body() {
        let button = Button::new(Text::new("ok", "好"), "/calc")
            .post_json(r#"{"power": 1}"#)
            .header("x-backend", "async");
        assert_buttons_answer(picky(), &page_with(button)).await;
    }

    #[tokio::test]
    #[should_panic(expected = "buttons that do not work")]
    async fn a_button_whose_request_fails_is_named() {
        let button =
            Button::new(Text::new("no header", "无头"), "/calc").post_json(r#"{"power": 1}"#);
        assert_buttons_answer(picky(), &page_with(button)).await;
    }

    #[test]
    fn a_page_in_both_languages_passes() {
        assert_bilingual(&sample());
    }

    #[test]
    #[should_panic(expected = "a button's hint")]
    fn a_hint_left_in_english_is_named() {
        let button = Button::new(Text::new("ok", "好"), "/calc").hint(Text::new("two", "two"));
        assert_bilingual(&page_with(button));
    }

    #[test]
    #[should_panic(expected = "a button's label")]
    fn a_label_with_its_languages_swapped_is_named() {
        assert_bilingual(&page_with(Button::new(Text::new("好", "ok"), "/calc")));
    }

    #[test]
    #[should_panic(expected = "starts with /")]
    fn a_button_calls_only_its_own_server() {
        let _ = Button::new(Text::new("elsewhere", "别处"), "https://example.com/");
    }
}
