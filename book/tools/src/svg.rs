//! A grouped bar chart on a log scale, written as SVG text.
//!
//! Latencies in the demos span four orders of magnitude (a fraction of a millisecond idle,
//! hundreds while blocked), so the value axis is logarithmic: on a linear one the healthy bars
//! would be invisible. The output depends only on the input, byte for byte, so `--check` can
//! compare it with the file in the book.

use std::fmt::Write;

/// One group of bars (a phase of a demo) and its values, one per series.
pub struct Group {
    pub label: String,
    pub values: Vec<f64>,
}

/// What to draw.
pub struct BarChart {
    pub title: String,
    /// Where the chart comes from, kept in the file as its `<desc>`.
    pub description: String,
    pub subtitle: String,
    pub y_label: String,
    /// The name of each series (the bars of a group, in order).
    pub series: Vec<String>,
    pub groups: Vec<Group>,
}

const WIDTH: f64 = 760.0;
const HEIGHT: f64 = 400.0;
const LEFT: f64 = 70.0;
const RIGHT: f64 = 20.0;
const TOP: f64 = 78.0;
const BOTTOM: f64 = 70.0;
/// The width of an average character of the 12-pixel sans-serif labels, a little generous, to
/// wrap group labels before they run into their neighbours.
const CHAR_WIDTH: f64 = 6.8;
/// The same for the 10-pixel value labels over the bars.
const VALUE_CHAR_WIDTH: f64 = 5.8;
/// Line height of a wrapped group label.
const LINE_HEIGHT: f64 = 14.0;
/// Colour-blind-safe colours (Okabe and Ito), one per series.
const COLOURS: [&str; 6] = [
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9",
];

impl BarChart {
    /// Renders the chart as a standalone SVG document.
    pub fn render(&self) -> String {
        let positive = || {
            self.groups
                .iter()
                .flat_map(|g| g.values.iter().copied())
                .filter(|v| *v > 0.0)
        };
        // Whole decades around the data, so the grid lines land on 0.1, 1, 10, ...
        let low = positive().fold(f64::INFINITY, f64::min);
        let high = positive().fold(0.0, f64::max);
        let (low, high) = if high > 0.0 {
            (
                low.log10().floor(),
                high.log10().ceil().max(low.log10().floor() + 1.0),
            )
        } else {
            (0.0, 1.0)
        };
        let plot_h = HEIGHT - TOP - BOTTOM;
        let y = |v: f64| {
            let v = v.max(10f64.powf(low));
            TOP + plot_h * (1.0 - (v.log10() - low) / (high - low))
        };

        let mut s = String::new();
        let _ = writeln!(
            s,
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" font-family="sans-serif" font-size="12">"#
        );
        let _ = writeln!(s, "<desc>{}</desc>", escape(&self.description));
        let _ = writeln!(
            s,
            r#"<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>"#
        );
        let _ = writeln!(
            s,
            r#"<text x="{LEFT}" y="22" font-size="16" font-weight="bold">{}</text>"#,
            escape(&self.title)
        );
        let _ = writeln!(
            s,
            r##"<text x="{LEFT}" y="40" fill="#444">{}</text>"##,
            escape(&self.subtitle)
        );

        // Legend.
        for (i, name) in self.series.iter().enumerate() {
            let x = LEFT + 110.0 * i as f64;
            let _ = writeln!(
                s,
                r#"<rect x="{x}" y="52" width="12" height="12" fill="{}"/><text x="{}" y="62">{}</text>"#,
                COLOURS[i % COLOURS.len()],
                x + 16.0,
                escape(name)
            );
        }

        // Decade grid lines and their labels.
        for decade in (low as i32)..=(high as i32) {
            let value = 10f64.powi(decade);
            let gy = y(value);
            let _ = writeln!(
                s,
                r##"<line x1="{LEFT}" y1="{gy:.1}" x2="{}" y2="{gy:.1}" stroke="#ddd"/><text x="{}" y="{:.1}" text-anchor="end">{}</text>"##,
                WIDTH - RIGHT,
                LEFT - 6.0,
                gy + 4.0,
                // Whole decades print plainly: 0.1, 1, 10, 100.
                value
            );
        }
        let _ = writeln!(
            s,
            r#"<text transform="translate(16 {:.1}) rotate(-90)" text-anchor="middle">{}</text>"#,
            TOP + plot_h / 2.0,
            escape(&self.y_label)
        );

        // The bars, a group per phase.
        let group_w = (WIDTH - LEFT - RIGHT) / self.groups.len().max(1) as f64;
        let bar_w = (group_w * 0.8) / self.series.len().max(1) as f64;
        for (g, group) in self.groups.iter().enumerate() {
            let gx = LEFT + group_w * g as f64 + group_w * 0.1;
            for (i, value) in group.values.iter().enumerate() {
                let (x, top) = (gx + bar_w * i as f64, y(*value));
                let _ = writeln!(
                    s,
                    r#"<rect x="{x:.1}" y="{top:.1}" width="{:.1}" height="{:.1}" fill="{}"><title>{}: {} {}</title></rect>"#,
                    bar_w - 2.0,
                    TOP + plot_h - top,
                    COLOURS[i % COLOURS.len()],
                    escape(&group.label),
                    escape(&self.series[i]),
                    number(*value)
                );
                // The value over its bar, when it fits the bar's width; a narrow bar's value is
                // in its tooltip and in the table under the chart.
                let text = number(*value);
                if text.chars().count() as f64 * VALUE_CHAR_WIDTH <= bar_w {
                    let _ = writeln!(
                        s,
                        r#"<text x="{:.1}" y="{:.1}" font-size="10" text-anchor="middle">{text}</text>"#,
                        x + (bar_w - 2.0) / 2.0,
                        top - 3.0,
                    );
                }
            }
            // The group's label, wrapped to the group's width so neighbours never overlap.
            let cx = gx + group_w * 0.4;
            let _ = write!(
                s,
                r#"<text x="{cx:.1}" y="{:.1}" text-anchor="middle">"#,
                TOP + plot_h + 20.0
            );
            for (i, line) in wrap(&group.label, group_w).iter().enumerate() {
                let dy = if i == 0 { 0.0 } else { LINE_HEIGHT };
                let _ = write!(
                    s,
                    r#"<tspan x="{cx:.1}" dy="{dy}">{}</tspan>"#,
                    escape(line)
                );
            }
            let _ = writeln!(s, "</text>");
        }
        let _ = writeln!(
            s,
            r#"<line x1="{LEFT}" y1="{:.1}" x2="{}" y2="{:.1}" stroke="black"/>"#,
            TOP + plot_h,
            WIDTH - RIGHT,
            TOP + plot_h
        );
        s.push_str("</svg>\n");
        s
    }
}

/// `label` broken at spaces into lines that fit `width` pixels (a single word longer than that
/// keeps its own line).
fn wrap(label: &str, width: f64) -> Vec<String> {
    let max_chars = ((width * 0.95) / CHAR_WIDTH).floor().max(1.0) as usize;
    let mut lines: Vec<String> = Vec::new();
    for word in label.split(' ') {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= max_chars => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// A value with about three significant digits: 0.0123, 0.456, 7.89, 123, 4567.
pub fn number(value: f64) -> String {
    match value.abs() {
        v if v >= 100.0 => format!("{value:.0}"),
        v if v >= 10.0 => format!("{value:.1}"),
        v if v >= 1.0 => format!("{value:.2}"),
        v if v >= 0.1 => format!("{value:.3}"),
        _ => format!("{value:.4}"),
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(values: [f64; 2]) -> BarChart {
        BarChart {
            title: "t <&>".into(),
            description: String::new(),
            subtitle: String::new(),
            y_label: "ms".into(),
            series: vec!["p50".into(), "p99".into()],
            groups: vec![Group {
                label: "idle".into(),
                values: values.to_vec(),
            }],
        }
    }

    #[test]
    fn the_grid_spans_whole_decades_around_the_data() {
        let svg = chart([0.2, 300.0]).render();
        for label in [">0.1<", ">1<", ">10<", ">100<", ">1000<"] {
            assert!(svg.contains(label), "missing grid label {label}: {svg}");
        }
        assert!(!svg.contains(">0.01<") && !svg.contains(">10000<"));
    }

    #[test]
    fn text_is_escaped_and_output_is_stable() {
        let svg = chart([1.0, 2.0]).render();
        assert!(svg.contains("t &lt;&amp;&gt;"));
        assert_eq!(svg, chart([1.0, 2.0]).render());
    }

    #[test]
    fn group_labels_wrap_to_their_group_and_never_overlap() {
        let groups = 8;
        let group_w = (WIDTH - LEFT - RIGHT) / groups as f64;
        let chart = BarChart {
            title: "t".into(),
            description: "d".into(),
            subtitle: "s".into(),
            y_label: "ms".into(),
            series: vec!["p50".into()],
            groups: (0..groups)
                .map(|i| Group {
                    label: format!("normal priority, busy loops {i}"),
                    values: vec![1.0],
                })
                .collect(),
        };
        let svg = chart.render();
        let lines: Vec<&str> = svg
            .split("<tspan")
            .skip(1)
            .map(|t| &t[t.find('>').unwrap() + 1..t.find("</tspan>").unwrap()])
            .collect();
        assert!(
            lines.len() > groups,
            "long labels take several lines: {lines:?}"
        );
        for line in lines {
            let width = line.chars().count() as f64 * CHAR_WIDTH;
            assert!(
                width <= group_w,
                "{line:?} is {width} px in a {group_w} px group"
            );
        }
    }

    #[test]
    fn a_value_label_is_drawn_only_where_its_bar_is_wide_enough() {
        let wide = chart([0.123, 45.6]).render();
        assert!(wide.contains(">0.123</text>"), "{wide}");
        let narrow = BarChart {
            series: (0..6).map(|i| format!("s{i}")).collect(),
            groups: (0..10)
                .map(|i| Group {
                    label: format!("g{i}"),
                    values: vec![0.0123; 6],
                })
                .collect(),
            ..chart([1.0, 2.0])
        }
        .render();
        assert!(!narrow.contains(">0.0123</text>"), "{narrow}");
        assert!(narrow.contains("0.0123</title>"), "the tooltip keeps it");
    }

    #[test]
    fn zero_values_draw_no_nan() {
        let svg = chart([0.0, 0.0]).render();
        assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
    }

    #[test]
    fn numbers_keep_about_three_digits() {
        assert_eq!(number(0.01234), "0.0123");
        assert_eq!(number(0.456), "0.456");
        assert_eq!(number(7.891), "7.89");
        assert_eq!(number(12.34), "12.3");
        assert_eq!(number(203.4), "203");
    }
}
