//! The timeline as inline SVG: incidents per period above, their tolls
//! below, one bar per period (empty ones included, so gaps show), each
//! with a `<title>` tooltip, and the same numbers as a table for screen
//! readers and keyboard users. Colours come from classes in `app.css`.

use dossier_query::{Granularity, Timeline};
use maud::{Markup, html};

const W: f64 = 960.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 18.0;
const EVENTS_H: f64 = 120.0;
const GAP: f64 = 34.0;
const FAT_H: f64 = 70.0;
const AXIS: f64 = 22.0;

fn fmt(x: f64) -> String {
    format!("{x:.1}")
}

/// Which periods get an axis label: every year's first bucket by month
/// (thinned when there are many years), every k-th year by year.
fn labels(t: &Timeline) -> Vec<(usize, String)> {
    let n = t.buckets.len();
    let mut out = Vec::new();
    match t.by {
        Granularity::Month => {
            let years: Vec<(usize, &str)> = t
                .buckets
                .iter()
                .enumerate()
                .filter(|(i, b)| *i == 0 || b.period.ends_with("-01"))
                .map(|(i, b)| (i, b.period.get(..4).unwrap_or("")))
                .collect();
            let step = years.len().div_ceil(12).max(1);
            for (k, (i, y)) in years.into_iter().enumerate() {
                if k % step == 0 {
                    out.push((i, y.to_string()));
                }
            }
        }
        Granularity::Year => {
            let step = n.div_ceil(16).max(1);
            for (i, b) in t.buckets.iter().enumerate() {
                if i % step == 0 {
                    out.push((i, b.period.clone()));
                }
            }
        }
    }
    out
}

/// The chart, or a sentence when there is nothing to draw.
pub(crate) fn timeline(t: &Timeline, id: &str) -> Markup {
    if t.buckets.is_empty() {
        return html! { p.empty { "No dated incidents in this range." } };
    }
    let n = t.buckets.len() as f64;
    let plot_w = W - LEFT - RIGHT;
    let step = plot_w / n;
    let bar = (step * 0.8).max(1.0);
    let max_ev = t.buckets.iter().map(|b| b.events).max().unwrap_or(0).max(1) as f64;
    let max_fat = t.buckets.iter().map(|b| b.fatalities).max().unwrap_or(0).max(1) as f64;
    let ev_base = TOP + EVENTS_H;
    let fat_top = ev_base + GAP;
    let fat_base = fat_top + FAT_H;
    let h = fat_base + AXIS;
    let unit = if t.by == Granularity::Year { "year" } else { "month" };
    let total: usize = t.buckets.iter().map(|b| b.events).sum();
    let killed: u64 = t.buckets.iter().map(|b| b.fatalities).sum();
    let title_id = format!("{id}-title");
    let desc_id = format!("{id}-desc");
    html! {
        figure.timeline {
            svg.chart #(id) viewBox=(format!("0 0 {W} {}", fmt(h))) role="img" aria-labelledby=(format!("{title_id} {desc_id}")) preserveAspectRatio="xMidYMid meet" {
                title #(title_id) { "Incidents per " (unit) ", " (t.buckets.first().map(|b| b.period.as_str()).unwrap_or("")) " to " (t.buckets.last().map(|b| b.period.as_str()).unwrap_or("")) }
                desc #(desc_id) { (total) " dated incidents, " (killed) " killed (policy " (t.policy.as_str()) ")." }
                text.axis-title x=(fmt(LEFT)) y="12" { "Incidents per " (unit) }
                text.axis-title x=(fmt(LEFT)) y=(fmt(fat_top - 6.0)) { "Killed (" (t.policy.as_str()) ")" }
                line.axis x1=(fmt(LEFT)) x2=(fmt(W - RIGHT)) y1=(fmt(ev_base)) y2=(fmt(ev_base)) {}
                line.axis x1=(fmt(LEFT)) x2=(fmt(W - RIGHT)) y1=(fmt(fat_base)) y2=(fmt(fat_base)) {}
                text.tick x=(fmt(LEFT - 6.0)) y=(fmt(TOP + 4.0)) text-anchor="end" { (max_ev as u64) }
                text.tick x=(fmt(LEFT - 6.0)) y=(fmt(ev_base)) text-anchor="end" { "0" }
                text.tick x=(fmt(LEFT - 6.0)) y=(fmt(fat_top + 4.0)) text-anchor="end" { (max_fat as u64) }
                text.tick x=(fmt(LEFT - 6.0)) y=(fmt(fat_base)) text-anchor="end" { "0" }
                @for (i, b) in t.buckets.iter().enumerate() {
                    @let x = LEFT + step * i as f64 + (step - bar) / 2.0;
                    @let eh = EVENTS_H * b.events as f64 / max_ev;
                    @let fh = FAT_H * b.fatalities as f64 / max_fat;
                    @let tip = format!("{}: {} incident{}, {} killed", b.period, b.events, if b.events == 1 { "" } else { "s" }, b.fatalities);
                    g.period {
                        title { (tip) }
                        // A transparent full-height hit area makes thin bars easy to point at.
                        rect.hit x=(fmt(LEFT + step * i as f64)) y=(fmt(TOP)) width=(fmt(step)) height=(fmt(fat_base - TOP)) {}
                        @if b.events > 0 {
                            rect.bar.events x=(fmt(x)) y=(fmt(ev_base - eh)) width=(fmt(bar)) height=(fmt(eh)) {}
                        }
                        @if b.fatalities > 0 {
                            rect.bar.killed x=(fmt(x)) y=(fmt(fat_base - fh)) width=(fmt(bar)) height=(fmt(fh)) {}
                        }
                    }
                }
                @for (i, label) in labels(t) {
                    @let x = LEFT + step * i as f64;
                    line.tickmark x1=(fmt(x)) x2=(fmt(x)) y1=(fmt(fat_base)) y2=(fmt(fat_base + 5.0)) {}
                    text.tick x=(fmt(x)) y=(fmt(fat_base + 17.0)) { (label) }
                }
            }
            figcaption {
                (total) " dated incident" @if total != 1 { "s" } ", " (killed) " killed under the "
                (t.policy.as_str()) " policy."
                @if t.vague > 0 { " " (t.vague) " more dated too vaguely for the chart (a year only)." }
                @if t.undated > 0 { " " (t.undated) " more without a date." }
            }
            details.data {
                summary { "The numbers" }
                div.table-wrap {
                    table {
                        thead { tr { th scope="col" { "Period" } th scope="col" { "Incidents" } th scope="col" { "Killed" } } }
                        tbody {
                            @for b in t.buckets.iter().filter(|b| b.events > 0) {
                                tr { td { (b.period) } td.num { (b.events) } td.num { (b.fatalities) } }
                            }
                        }
                    }
                }
            }
        }
    }
}
