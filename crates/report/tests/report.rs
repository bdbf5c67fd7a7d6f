//! Reports built from the bundled corpus: what the ISKP report says, that
//! every footnote resolves to a stored span stating the value, determinism,
//! escaping and the period filter.

mod common;

use std::collections::BTreeMap;

use common::{corpus_store, fold, numbers_in, states_date};
use dossier_report::{Block, Policy, Report, ReportError, ReportOptions, build};
use dossier_store::{EventFilter, ReportRow, Store};

fn iskp(store: &Store) -> Report {
    build(store, "ISKP", &ReportOptions::default()).expect("the ISKP report builds")
}

/// The paragraph sentences of one section, as plain text.
fn section_text(r: &Report, id: &str) -> String {
    let s = r.sections.iter().find(|s| s.id == id).unwrap_or_else(|| panic!("no section {id}"));
    let mut out = Vec::new();
    for b in &s.blocks {
        match b {
            Block::Paragraph { sentences } => out.extend(sentences.iter().map(|p| p.text.clone())),
            Block::Table(t) => out.extend(t.rows.iter().flatten().map(|p| p.text.clone())),
            Block::Heading { text } | Block::Remark { text } => out.push(text.clone()),
            Block::Map(m) => out.push(m.caption.clone()),
        }
    }
    out.join("\n")
}

/// The sentence of the report that contains `needle`.
fn sentence_with<'a>(r: &'a Report, needle: &str) -> &'a dossier_report::Phrase {
    r.phrases()
        .into_iter()
        .find(|p| p.text.contains(needle))
        .unwrap_or_else(|| panic!("no sentence contains {needle:?}"))
}

#[test]
fn the_iskp_report_carries_the_sources_facts() {
    let store = corpus_store();
    let r = iskp(&store);
    let md = r.to_markdown();
    assert!(md.starts_with("# Islamic State Khorasan Province (ISKP)\n"), "{}", &md[..200]);

    // The encyclopedia's infobox.
    let infobox = |needle: &str| {
        let p = sentence_with(&r, needle);
        let encyclopedia =
            p.notes().iter().any(|n| r.footnotes[*n as usize - 1].source.title == "Islamic State – Khorasan Province");
        assert!(encyclopedia, "{needle:?} is footnoted to the encyclopedia: {}", p.text);
        assert!(md.contains(needle), "the markdown says {needle:?}");
    };
    infobox("26 January 2015");
    infobox("it split from Tehrik-i-Taliban Pakistan");
    infobox("its headquarters are given as Achin District");
    infobox("it is part of Islamic State");

    // The ICCT snapshot: size and leadership.
    let size = sentence_with(&r, "A figure of 4,000–6,000 is given by 2 sources");
    assert!(size.text.contains("ICCT Snapshot: Islamic State - Khorasan Province (12 January 2024)"), "{}", size.text);
    let leader = sentence_with(&r, "Sanaullah Ghafari");
    assert!(
        leader.text.contains("According to a single source, Sanaullah Ghafari was its leader until 2023"),
        "{}",
        leader.text
    );
    assert!(leader.text.contains("former leader Sanaullah Ghafari was killed in 2023"), "{}", leader.text);
    assert!(md.contains("former leader Sanaullah Ghafari was killed in 2023"));

    // The EUAA range with its notes 396 (UN) and 397 (CRS) carried through.
    let range = sentence_with(&r, "Estimates of its size");
    assert!(range.text.contains("range from 2,000 to 6,000."), "{}", range.text);
    assert_eq!(range.notes().len(), 3, "three estimates, three footnotes: {}", range.text);
    assert!(
        md.contains("citing: US, CRS, Terrorist and Other Militant Groups in Pakistan, 2026-03-25, p. 2 (note 397)")
    );
    assert!(md.contains("citing: UN Security Council, Letter dated 21 July 2025"));
    assert!(md.contains("para. 86 (note 396)"));
    // Each figure keeps the note that follows it in the EUAA sentence.
    let euaa_size = |value: &str| {
        r.footnotes
            .iter()
            .find(|f| {
                f.source.publisher.as_deref() == Some("European Union Agency for Asylum")
                    && f.backs.iter().any(|b| b.field == "size_estimate" && b.value == value)
            })
            .unwrap_or_else(|| panic!("an EUAA footnote for {value}"))
    };
    let labels = |f: &dossier_report::Footnote| f.citing.iter().map(|c| c.label.clone()).collect::<Vec<_>>();
    assert_eq!(labels(euaa_size("2,000")), ["396"]);
    assert_eq!(labels(euaa_size("4,000–6,000")), ["397"]);
    let s = sentence_with(&r, "a figure of 2,000 by a single source");
    assert!(s.text.contains("European Union Agency for Asylum (2026, citing UN Security Council)"), "{}", s.text);
    // The figure shown, with the policy that picked it.
    let shown = sentence_with(&r, "this report gives the size as");
    assert!(shown.text.starts_with("Under the median policy (the middle figure of the sources"), "{}", shown.text);
    assert!(shown.text.contains("4,000–6,000"), "{}", shown.text);

    // The founding conflict, 2014 against 2015.
    let founded = sentence_with(&r, "Sources differ on when it was founded:");
    assert!(founded.text.contains("2015 (26 January 2015) according to 2 sources"), "{}", founded.text);
    assert!(founded.text.contains("2014 according to a single source, ICCT Snapshot"), "{}", founded.text);
    let contested = section_text(&r, "contested");
    assert!(contested.contains("Founding date") && contested.contains("Size"), "{contested}");
    assert!(contested.contains("2014 according to a single source"), "{contested}");

    // Single-source statements say so; names come with their sources.
    assert!(md.contains("According to a single source"));
    assert!(sentence_with(&r, "Sources refer to the group as").text.contains("ISIS–K"));
    // ISPP split from it, dated by both sources.
    assert!(md.contains("Islamic State Pakistan Province split from it in 2019 (May 2019)."));
}

#[test]
fn every_footnote_resolves_to_a_span_that_states_its_value() {
    let store = corpus_store();
    let r = iskp(&store);
    let reports: BTreeMap<i64, ReportRow> = store
        .events(&EventFilter::default())
        .unwrap()
        .iter()
        .flat_map(|e| store.event(e.id).unwrap().report_list)
        .map(|x| (x.id, x))
        .collect();
    assert!(!r.footnotes.is_empty());
    for (i, f) in r.footnotes.iter().enumerate() {
        assert_eq!(f.number as usize, i + 1);
        let text = store.source(&f.source_id).expect("the footnote's source is stored").text;
        let span = text.get(f.start..f.end).expect("the span lies in the text on character boundaries");
        assert_eq!(span, f.quote, "footnote {} quotes its span", f.number);
        if let Some((a, b)) = f.own_span {
            assert!(f.start < a && a < b && b <= f.end, "footnote {}: the own span lies inside", f.number);
            let own = &text[a..b];
            assert!(f.reports.iter().all(|id| reports[id].evidence.quote == own), "footnote {}: own span", f.number);
        }
        assert!(!f.backs.is_empty(), "footnote {} stands for something", f.number);
        for b in &f.backs {
            let ok = match b.field.as_str() {
                "founded" | "split_date" | "incident_date" => states_date(span, &b.value),
                "size_estimate" | "attack_count" => {
                    let nums = numbers_in(span);
                    numbers_in(&b.value).iter().all(|n| nums.contains(n))
                }
                "incident_toll" => {
                    let nums = numbers_in(span);
                    let want = numbers_in(&b.value);
                    want.iter().all(|n| nums.contains(n))
                        // A toll the source states as a sum (`13 … and at least 169`).
                        || f.reports.iter().filter_map(|id| reports.get(id)).any(|rep| {
                            rep.fatalities_quote.as_deref().is_some_and(|q| {
                                span.contains(q) && Some(numbers_in(q).iter().sum::<u64>()) == want.first().copied()
                            })
                        })
                }
                "claimed" => fold(span).contains("claim") || fold(span).contains("responsib"),
                "alias" | "headquarters" | "active_in" | "incident_place" => fold(span).contains(&fold(&b.value)),
                // Several aims of one passage are joined by `; `.
                "ideology" => b.value.split("; ").all(|part| fold(span).contains(&fold(part))),
                "part_of" | "split_from" | "split_from_it" | "opponent" | "ally" | "leader" | "perpetrator" => {
                    // The actor by any name it has.
                    let a = store.actor(&b.value).unwrap_or_else(|e| panic!("{} names an actor: {e}", b.value));
                    let mut names: Vec<String> = a.aliases.iter().map(|x| x.alias.clone()).collect();
                    names.push(a.name.clone());
                    names.iter().any(|n| fold(span).contains(&fold(n)))
                }
                other => panic!("footnote {} backs an unknown field {other}", f.number),
            };
            assert!(ok, "footnote {} ({}) should state {} = {:?}: {span:?}", f.number, f.reference, b.field, b.value);
        }
    }
    assert!(r.footnotes.iter().any(|f| f.own_span.is_some()), "a date from the sentence before widens a span");
    // Every marker resolves, every footnote is used, and each sentence
    // shows the words its footnotes stand behind.
    let mut used = vec![false; r.footnotes.len()];
    for p in r.phrases() {
        for n in p.notes() {
            let f = r.footnotes.get(n as usize - 1).unwrap_or_else(|| panic!("marker [{n}] has no footnote"));
            used[n as usize - 1] = true;
            let text = fold(&p.text);
            assert!(
                f.backs.iter().any(|b| text.contains(&fold(&b.shown))),
                "sentence {:?} shows none of footnote {n}'s values {:?}",
                p.text,
                f.backs
            );
        }
    }
    assert!(used.iter().all(|u| *u), "every footnote is cited");
    // No sentence without a footnote.
    for s in &r.sections {
        for b in &s.blocks {
            if let Block::Paragraph { sentences } = b {
                for p in sentences {
                    assert!(!p.notes().is_empty(), "sentence without a source: {}", p.text);
                }
            }
        }
    }
}

#[test]
fn the_same_knowledge_base_gives_the_same_bytes() {
    let (a, b) = (corpus_store(), corpus_store());
    let (ra, rb) = (iskp(&a), iskp(&b));
    assert_eq!(ra.to_markdown(), rb.to_markdown());
    assert_eq!(ra.to_html(), rb.to_html());
    assert_eq!(ra.to_json(), rb.to_json());
    assert_eq!(iskp(&a).to_markdown(), ra.to_markdown(), "building twice on one store");
    for policy in [Policy::Conservative, Policy::Recent] {
        let o = ReportOptions { policy, ..Default::default() };
        assert_eq!(build(&a, "ISKP", &o).unwrap().to_html(), build(&b, "iskp", &o).unwrap().to_html());
    }
}

#[test]
fn policies_change_the_figure_shown_and_say_so() {
    let store = corpus_store();
    let conservative =
        build(&store, "ISKP", &ReportOptions { policy: Policy::Conservative, ..Default::default() }).unwrap();
    let s = sentence_with(&conservative, "this report gives the size as");
    assert!(s.text.contains("Under the conservative policy (the lowest figure any source gives)"), "{}", s.text);
    assert!(s.text.contains("as 2,000."), "{}", s.text);
}

#[test]
fn the_period_filter_narrows_the_incidents() {
    let store = corpus_store();
    let all = iskp(&store);
    let recent = build(
        &store,
        "ISKP",
        &ReportOptions { from: Some("2023-01-01".into()), to: Some("2024-12-31".into()), ..Default::default() },
    )
    .unwrap();
    let rows = |r: &Report| -> Vec<String> {
        let s = r.sections.iter().find(|s| s.id == "incidents").unwrap();
        let Some(Block::Table(t)) = s.blocks.iter().find(|b| matches!(b, Block::Table(_))) else {
            return Vec::new();
        };
        t.rows.iter().map(|row| format!("{} | {}", row[1].text, row[2].text)).collect()
    };
    let (a, b) = (rows(&all), rows(&recent));
    assert_eq!(a.len(), 11, "{a:#?}");
    assert_eq!(b.len(), 3, "{b:#?}");
    assert!(b[0].starts_with("30 July 2023") && b[0].contains("Khar"), "{b:#?}");
    assert!(b[1].starts_with("January 2024") && b[1].contains("Kerman"), "{b:#?}");
    assert!(b[2].starts_with("March 2024") && b[2].contains("Krasnogorsk"), "{b:#?}");
    assert!(!b.iter().any(|x| x.contains("Kabul")));
    assert!(section_text(&recent, "incidents").contains("1 January 2023 to 31 December 2024"));
    assert_eq!(recent.period.from.as_deref(), Some("2023-01-01"));
    // Years and months stand for their first and last days.
    let by_year = build(
        &store,
        "ISKP",
        &ReportOptions { from: Some("2023".into()), to: Some("2024".into()), ..Default::default() },
    )
    .unwrap();
    assert_eq!(rows(&by_year), b);
    // A period without incidents says so.
    let none = build(
        &store,
        "ISKP",
        &ReportOptions { from: Some("1990-01".into()), to: Some("1990-12".into()), ..Default::default() },
    )
    .unwrap();
    assert!(rows(&none).is_empty());
    assert!(section_text(&none, "incidents").contains("no incident attributed to it for the period"));
    // Bad periods are errors, not empty reports.
    let bad = build(&store, "ISKP", &ReportOptions { from: Some("last year".into()), ..Default::default() });
    assert!(matches!(bad, Err(ReportError::BadDate(_))));
    let reversed = build(
        &store,
        "ISKP",
        &ReportOptions { from: Some("2024".into()), to: Some("2023".into()), ..Default::default() },
    );
    assert!(matches!(reversed, Err(ReportError::EmptyPeriod { .. })));
    assert!(matches!(build(&store, "no such group", &ReportOptions::default()), Err(ReportError::Store(_))));
}

#[test]
fn source_text_is_escaped_in_every_format() {
    let mut store = corpus_store();
    // A source whose sentence about the group carries markup.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("markup.txt");
    std::fs::write(
        &path,
        "Markup test\n\nISKP <script>alert('x')</script> is active in Pakistan & *elsewhere* [link](#) | here.\n",
    )
    .unwrap();
    let doc = dossier_read::read_file(&path).unwrap();
    let seg = dossier_segment::segment(&doc);
    let claims = dossier_extract::records::records(&dossier_extract::extract(&doc, &seg));
    store.ingest_with(&doc, &seg, &claims).unwrap();
    store.refresh().unwrap();
    let r = iskp(&store);
    assert!(
        r.footnotes.iter().any(|f| f.quote.contains("<script>")),
        "the markup sentence is cited (it backs a claim): {:#?}",
        r.footnotes.iter().map(|f| &f.quote).collect::<Vec<_>>()
    );
    let html = r.to_html();
    assert!(!html.contains("<script"), "no source markup reaches the page");
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    assert!(html.contains("Pakistan &amp; *elsewhere*"));
    assert!(html.contains("Da&#39;esh"), "the corpus' own apostrophes are escaped");
    let md = r.to_markdown();
    assert!(!md.contains("<script>"));
    assert!(md.contains("\\<script\\>") && md.contains("\\*elsewhere\\*") && md.contains("\\[link\\](\\#)"));
    assert!(md.contains("\\| here"));
    let json: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
    let quotes: Vec<&str> = json["footnotes"].as_array().unwrap().iter().filter_map(|f| f["quote"].as_str()).collect();
    assert!(quotes.iter().any(|q| q.contains("<script>alert('x')</script>")), "JSON keeps the text as it is");
}

#[test]
fn html_is_a_standalone_printable_page_with_linked_footnotes() {
    let store = corpus_store();
    let r = iskp(&store);
    let html = r.to_html();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<style>") && html.contains("@media print") && html.contains("@page"));
    assert!(!html.contains("<link") && !html.contains("<script") && !html.contains("src=\"http"));
    assert!(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""), "the map is inline");
    for f in &r.footnotes {
        let n = f.number;
        assert!(html.contains(&format!(
            "<li id=\"fn-{n}\" value=\"{n}\" data-source-id=\"{}\" data-start=\"{}\" data-end=\"{}\">",
            f.source_id, f.start, f.end
        )));
        assert!(html.contains(&format!("<a class=\"fn\" href=\"#fn-{n}\" data-source-id=\"{}\"", f.source_id)));
    }
    let markers: usize = r.phrases().iter().map(|p| p.notes().len()).sum();
    assert_eq!(html.matches("<a class=\"fn\" href=\"#fn-").count(), markers);
    assert!(html.contains("<sup class=\"fn\"><a class=\"fn\" href=\"#fn-30\""), "markers are superscript links");
    assert!(html.contains("<bdi>الدولة الإسلامية – ولاية خراسان</bdi>"), "right-to-left names are isolated");
    // JSON: each footnote with its source id, span and quote.
    let json: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
    let f = &json["footnotes"][0];
    for key in ["number", "source_id", "start", "end", "quote", "reference", "citing", "backs"] {
        assert!(!f[key].is_null(), "footnote JSON has {key}: {f}");
    }
    assert_eq!(json["policy"], "median");
    assert_eq!(json["sections"].as_array().unwrap().len(), 7);
}

#[test]
fn a_map_point_per_place_grouped_by_country() {
    let store = corpus_store();
    let r = iskp(&store);
    let s = r.sections.iter().find(|s| s.id == "incidents").unwrap();
    let Some(Block::Map(m)) = s.blocks.iter().find(|b| matches!(b, Block::Map(_))) else { panic!("no map") };
    let kabul = m.points.iter().find(|p| p.place == "Kabul").expect("Kabul is drawn");
    assert_eq!(kabul.rows.len(), 2, "both Kabul incidents share a point");
    assert_eq!(m.points.iter().map(|p| p.rows.len()).sum::<usize>() + m.unplaced, 11);
    let mut countries: Vec<&str> = m.points.iter().map(|p| p.country.as_str()).collect();
    countries.dedup();
    assert!(countries.contains(&"AF") && countries.contains(&"PK") && countries.contains(&"RU"));
    assert!(m.svg.starts_with("<svg") && m.svg.ends_with("</svg>") && !m.svg.contains("\n\n"));
    assert!(m.svg.matches("<circle").count() >= m.points.len());
    assert!(m.svg.contains("PK: 3 incident(s)"), "a panel for Pakistan's three places");
}

#[test]
fn every_actor_of_the_corpus_gets_a_report() {
    let store = corpus_store();
    for a in store.actors().unwrap() {
        let r = build(&store, &a.key, &ReportOptions::default()).unwrap_or_else(|e| panic!("{}: {e}", a.key));
        assert_eq!(r.sections.len(), 7, "{}", a.key);
        for p in r.phrases() {
            for n in p.notes() {
                assert!((n as usize) <= r.footnotes.len(), "{}: marker [{n}] resolves", a.key);
            }
        }
        if std::env::var_os("SHOW_REPORTS").is_some() {
            println!("{}", r.to_markdown().split("\n## 6.").next().unwrap_or_default());
        }
    }
}
