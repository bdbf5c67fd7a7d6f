//! `score_doc` of the reference scorer: alignment, attribute checks, fact
//! keys and alias groups for one document. Each function names the Python it
//! mirrors; the order of loops and tie-breaks is kept because it changes the
//! counts.

use std::collections::{HashMap, HashSet};

use crate::fold::fold;
use crate::py::{Py, py_isspace};
use crate::report::{AliasCounts, AttrCounts, Counts, DocCounts, Finding};

/// `fold(x)` with `None` passing through, on any JSON value (`str(x)` first).
fn fold_py(v: &Py) -> Option<String> {
    (!v.is_none()).then(|| fold(&v.py_str()))
}

/// `[a.get("canonical")] + list(a.get("mentions") or [])`.
fn actor_names(a: &Py) -> Vec<Py> {
    let mut names = vec![a.get("canonical").clone()];
    let mentions = a.get("mentions");
    if mentions.truthy() {
        names.extend(mentions.list_items());
    }
    names
}

/// Folded names of an actor, for alias groups: `{fold(m) for m in ... if m}`.
fn folded_names(a: &Py) -> HashSet<String> {
    actor_names(a).iter().filter(|m| m.truthy()).map(|m| fold(&m.py_str())).collect()
}

/// `class Names`: folds actor names to one key per gold actor (`g{i}`),
/// extended by each predicted actor whose names hit exactly one gold actor.
/// Predicted actors are taken in order, so a later one can link through a
/// name an earlier one added.
struct Names {
    key: HashMap<String, String>,
}

impl Names {
    fn new(gold_actors: &[Py], pred_actors: &[Py]) -> Names {
        let mut key: HashMap<String, String> = HashMap::new();
        for (i, a) in gold_actors.iter().enumerate() {
            for m in actor_names(a) {
                if m.truthy() {
                    key.entry(fold(&m.py_str())).or_insert_with(|| format!("g{i}"));
                }
            }
        }
        for a in pred_actors {
            let names: Vec<String> = actor_names(a).iter().filter(|n| n.truthy()).map(|n| fold(&n.py_str())).collect();
            let keys: HashSet<&String> = names.iter().filter_map(|n| key.get(n)).collect();
            if keys.len() != 1 {
                continue;
            }
            let Some(k) = keys.into_iter().next().cloned() else { continue };
            for n in names {
                key.entry(n).or_insert_with(|| k.clone());
            }
        }
        Names { key }
    }

    /// `names(x)`: `None` for `None`, else the actor key or the folded name.
    fn get(&self, name: &Py) -> Option<String> {
        let f = fold_py(name)?;
        Some(self.key.get(&f).cloned().unwrap_or(f))
    }
}

/// A half-open character range, as Python offsets count (code points).
type CharSpan = (i128, i128);

/// `find_span`: the first occurrence of the quote, in characters.
fn find_span(text: &str, quote: &Py) -> Option<CharSpan> {
    if !quote.truthy() {
        return None;
    }
    // A non-string quote makes Python's `text.find` raise; it aligns nothing here.
    let q = quote.as_str()?;
    let byte = text.find(q)?;
    let start = text[..byte].chars().count() as i128;
    Some((start, start + q.chars().count() as i128))
}

/// `span_of`: a two-int `span` wins (booleans count as ints, as in Python);
/// otherwise the quote's position.
fn span_of(item: &Py, text: &str) -> Option<CharSpan> {
    if let Py::List(sp) = item.get("span")
        && let [a, b] = sp.as_slice()
        && let (Some(a), Some(b)) = (a.as_int(), b.as_int())
    {
        return Some((a, b));
    }
    find_span(text, item.get("quote"))
}

/// `date_ok`: `None` when gold has no date; else the prediction must have
/// the same text (same precision: `2016-08` is wrong for `2016-08-15`).
fn date_ok(g: &Py, p: &Py) -> Option<bool> {
    if g.is_none() {
        return None;
    }
    if !p.truthy() {
        return Some(false);
    }
    // `str(p)[:len(str(g))] == str(g) and len(str(p)) == len(str(g))` is equality.
    Some(p.py_str() == g.py_str())
}

/// `place_ok`: folded location equality, or, when gold names only the
/// province, a prediction naming it as admin1 or location.
fn place_ok(g: &Py, p: &Py) -> Option<bool> {
    if !g.get("location").truthy() && !g.get("admin1").truthy() {
        return None;
    }
    let (gl, ga) = (fold_py(g.get("location")), fold_py(g.get("admin1")));
    let (pl, pa) = (fold_py(p.get("location")), fold_py(p.get("admin1")));
    let truthy = |s: &Option<String>| s.as_deref().is_some_and(|s| !s.is_empty());
    if truthy(&gl) && truthy(&pl) && gl == pl {
        return Some(true);
    }
    if !truthy(&gl) && truthy(&ga) && (pa == ga || pl == ga) {
        return Some(true);
    }
    Some(false)
}

/// `toll_ok`: min and max both equal (Python `==`, so `54 == 54.0`).
fn toll_ok(g: &Py, p: &Py) -> Option<bool> {
    let gf = g.get("fatalities");
    if !gf.truthy() {
        return None;
    }
    let pf = p.get("fatalities");
    let empty = Py::Dict(Vec::new());
    let pf = if pf.truthy() { pf } else { &empty };
    Some(gf.get("min") == pf.get("min") && gf.get("max") == pf.get("max"))
}

/// The four attribute checks, in `score.py`'s order.
fn checks(g: &Py, p: &Py, names: &Names) -> [Option<bool>; 4] {
    let perp =
        g.get("perpetrator").truthy().then(|| names.get(g.get("perpetrator")) == names.get(p.get("perpetrator")));
    [date_ok(g.get("date"), p.get("date")), place_ok(g, p), toll_ok(g, p), perp]
}

const ATTRS: [&str; 4] = ["date", "place", "fatalities", "perpetrator"];

/// `gold_has[a](e)`: whether an event states the attribute.
fn has_attr(e: &Py, attr: usize) -> bool {
    match attr {
        0 => e.get("date").truthy(),
        1 => e.get("location").truthy() || e.get("admin1").truthy(),
        2 => e.get("fatalities").truthy(),
        _ => e.get("perpetrator").truthy(),
    }
}

/// `fact_key`: `(subject, predicate, value)` with Python values, so that set
/// membership follows Python equality.
fn fact_key(f: &Py, names: &Names) -> Py {
    let pred = f.get("predicate");
    let v = f.get("value");
    let val = match (pred.as_str(), v) {
        (Some("size_estimate"), Py::Dict(_)) => Py::Tuple(vec![v.get("min").clone(), v.get("max").clone()]),
        // founding compares by year
        (Some("founded"), _) => {
            if v.truthy() {
                Py::Str(v.py_str().chars().take(4).collect())
            } else {
                Py::None
            }
        }
        (Some("attack_count"), Py::Dict(_)) => v.get("min").clone(),
        (Some("attack_count"), _) => v.clone(),
        _ if f.get("object").truthy() => names.get(f.get("object")).map_or(Py::None, Py::Str),
        (_, Py::Str(s)) => Py::Str(fold(s)),
        _ => Py::Str(v.json_dumps_sorted()),
    };
    Py::Tuple(vec![names.get(f.get("subject")).map_or(Py::None, Py::Str), pred.clone(), val])
}

/// Predicates whose values are free text, matched by word overlap.
const FREE_TEXT: &str = "ideology";

/// `words_match`: at least half of the shorter value's distinct words appear
/// in the other (`|a ∩ b| / min(|a|, |b|) >= 0.5`, done in integers).
fn words_match(a: &Py, b: &Py) -> bool {
    let words = |v: &Py| -> HashSet<String> {
        let s = if v.truthy() { v.py_str() } else { String::new() };
        s.split(py_isspace).filter(|w| !w.is_empty()).map(str::to_owned).collect()
    };
    let (wa, wb) = (words(a), words(b));
    if wa.is_empty() || wb.is_empty() {
        return false;
    }
    2 * wa.intersection(&wb).count() >= wa.len().min(wb.len())
}

/// A set comprehension: distinct keys, the first of equal ones kept.
fn key_set(items: impl Iterator<Item = Py>) -> Vec<Py> {
    let mut seen = HashSet::new();
    items.filter(|k| seen.insert(k.clone())).collect()
}

fn tuple(k: &Py) -> &[Py] {
    match k {
        Py::Tuple(v) => v,
        _ => &[],
    }
}

/// The free-text pairs matched after exact matching. `score.py` matches
/// greedily in set iteration order, which depends on Python's per-process
/// string hashing; a maximum matching is the deterministic count that some
/// such order reaches, and equals the greedy one whenever no prediction
/// could serve two gold values.
fn free_text_matches(gold: &[&Py], pred: &[&Py]) -> usize {
    let ok = |g: &Py, p: &Py| {
        let (g, p) = (tuple(g), tuple(p));
        g.get(..2) == p.get(..2) && words_match(&g[2], &p[2])
    };
    let adj: Vec<Vec<usize>> =
        gold.iter().map(|g| pred.iter().enumerate().filter(|(_, p)| ok(g, p)).map(|(j, _)| j).collect()).collect();
    let mut owner: Vec<Option<usize>> = vec![None; pred.len()];
    fn augment(g: usize, adj: &[Vec<usize>], owner: &mut [Option<usize>], seen: &mut [bool]) -> bool {
        for &p in &adj[g] {
            if !seen[p] {
                seen[p] = true;
                if owner[p].is_none_or(|other| augment(other, adj, owner, seen)) {
                    owner[p] = Some(g);
                    return true;
                }
            }
        }
        false
    }
    (0..gold.len()).filter(|&g| augment(g, &adj, &mut owner, &mut vec![false; pred.len()])).count()
}

/// `{k: e.get(k) for k in ('date','location','admin1','fatalities','perpetrator')}`.
fn event_fields(e: &Py) -> String {
    let keys = ["date", "location", "admin1", "fatalities", "perpetrator"];
    Py::Dict(keys.iter().map(|k| (k.to_string(), e.get(k).clone())).collect()).repr()
}

/// Scores one document; the counts mirror the dict `score_doc` returns and
/// the findings its `--verbose` lines (plus alias mention misses).
pub(crate) fn score_doc(text: &str, gold: &Py, pred: &Py) -> (DocCounts, Vec<Finding>) {
    let names = Names::new(gold.get("actors").items(), pred.get("actors").items());
    let mut findings = Vec::new();

    // events: each gold event, in order, takes the unused overlapping
    // prediction with the most right attributes (the first on ties).
    let gev: Vec<(&Py, Option<CharSpan>)> = gold.get("events").items().iter().map(|e| (e, span_of(e, text))).collect();
    let pev: Vec<(&Py, Option<CharSpan>)> = pred.get("events").items().iter().map(|e| (e, span_of(e, text))).collect();
    let mut used = vec![false; pev.len()];
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (gi, (g, gs)) in gev.iter().enumerate() {
        let mut best: Option<(usize, usize)> = None;
        for (pi, (p, ps)) in pev.iter().enumerate() {
            let (Some(gs), Some(ps)) = (gs, ps) else { continue };
            if used[pi] || !(ps.0 < gs.1 && gs.0 < ps.1) {
                continue;
            }
            let s = checks(g, p, &names).iter().filter(|c| **c == Some(true)).count();
            if best.is_none_or(|(_, b)| s > b) {
                best = Some((pi, s));
            }
        }
        match best {
            Some((pi, _)) => {
                used[pi] = true;
                pairs.push((gi, pi));
            }
            None => findings.push(Finding::MissedEvent { gold: gi, quote: g.get("quote").py_str() }),
        }
    }
    for (pi, (p, _)) in pev.iter().enumerate() {
        if !used[pi] {
            findings.push(Finding::SpuriousEvent { pred: pi, quote: p.get("quote").py_str() });
        }
    }
    let mut attrs = [[0usize; 3]; 4];
    let mut strict = 0;
    for &(gi, pi) in &pairs {
        let (g, p) = (gev[gi].0, pev[pi].0);
        let res = checks(g, p, &names);
        for (a, ok) in res.iter().enumerate() {
            let (g_has, p_has) = (has_attr(g, a), has_attr(p, a));
            attrs[a][2] += usize::from(g_has);
            attrs[a][1] += usize::from(p_has);
            attrs[a][0] += usize::from(*ok == Some(true) && p_has);
        }
        if res.iter().all(|ok| *ok != Some(false)) {
            strict += 1;
        } else {
            findings.push(Finding::WrongEvent {
                gold: gi,
                pred: pi,
                attributes: (0..4).filter(|&a| res[a] == Some(false)).map(|a| ATTRS[a].to_string()).collect(),
                quote: g.get("quote").py_str(),
                gold_values: event_fields(g),
                pred_values: event_fields(p),
            });
        }
    }

    // facts
    let gk = key_set(gold.get("facts").items().iter().map(|f| fact_key(f, &names)));
    let pk = key_set(pred.get("facts").items().iter().map(|f| fact_key(f, &names)));
    let (gset, pset): (HashSet<&Py>, HashSet<&Py>) = (gk.iter().collect(), pk.iter().collect());
    let missed: Vec<&Py> = gk.iter().filter(|k| !pset.contains(k)).collect();
    let spurious: Vec<&Py> = pk.iter().filter(|k| !gset.contains(k)).collect();
    let is_free = |k: &&Py| tuple(k).get(1).and_then(Py::as_str) == Some(FREE_TEXT);
    let gfree: Vec<&Py> = missed.iter().copied().filter(is_free).collect();
    let pfree: Vec<&Py> = spurious.iter().copied().filter(is_free).collect();
    let fact_tp = (gk.len() - missed.len()) + free_text_matches(&gfree, &pfree);
    // `sorted(..., key=str)`; matched free-text pairs are listed too, as in score.py.
    let sorted_reprs = |ks: &[&Py]| {
        let mut v: Vec<String> = ks.iter().map(|k| k.repr()).collect();
        v.sort();
        v
    };
    findings.extend(sorted_reprs(&missed).into_iter().map(|fact| Finding::MissedFact { fact }));
    findings.extend(sorted_reprs(&spurious).into_iter().map(|fact| Finding::SpuriousFact { fact }));

    // aliases: each gold actor against the predicted group sharing most of
    // its folded names (the first such group on ties).
    let pgroups: Vec<HashSet<String>> = pred.get("actors").items().iter().map(folded_names).collect();
    let mut al = AliasCounts::default();
    let empty = HashSet::new();
    for a in gold.get("actors").items() {
        let gm = folded_names(a);
        let mut best = &empty;
        let mut best_n = 0;
        for (j, s) in pgroups.iter().enumerate() {
            let n = s.intersection(&gm).count();
            if j == 0 || n > best_n {
                best = s;
                best_n = n;
            }
        }
        al.recall_num += best_n;
        al.recall_den += gm.len();
        if best_n > 0 {
            al.prec_num += best_n;
            al.prec_den += best.len();
        }
        let actor = a.get("canonical").py_str();
        let mut missed: Vec<String> = gm.difference(best).cloned().collect();
        if !missed.is_empty() {
            missed.sort();
            findings.push(Finding::AliasMentionsMissed { actor: actor.clone(), mentions: missed });
        }
        let mut foreign: Vec<String> = best.difference(&gm).cloned().collect();
        if best_n > 0 && !foreign.is_empty() {
            foreign.sort();
            findings.push(Finding::AliasMentionsForeign { actor, mentions: foreign });
        }
    }

    let counts = DocCounts {
        events: Counts { tp: pairs.len(), pred: pev.len(), gold: gev.len() },
        event_attrs: AttrCounts { date: attrs[0], place: attrs[1], fatalities: attrs[2], perpetrator: attrs[3] },
        strict: Counts { tp: strict, pred: pev.len(), gold: gev.len() },
        facts: Counts { tp: fact_tp, pred: pk.len(), gold: gk.len() },
        aliases: al,
    };
    (counts, findings)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn py(s: &str) -> Py {
        serde_json::from_str(s).unwrap()
    }

    #[test]
    fn spans_count_characters_not_bytes() {
        let text = "Ā – the attack in Kābul.";
        assert_eq!(find_span(text, &py(r#""attack""#)), Some((8, 14)));
        assert_eq!(find_span(text, &py(r#""""#)), None);
        assert_eq!(span_of(&py(r#"{"span": [true, 3], "quote": "attack"}"#), text), Some((1, 3)));
        assert_eq!(span_of(&py(r#"{"span": [1.0, 3], "quote": "attack"}"#), text), Some((8, 14)));
    }

    #[test]
    fn dates_need_the_same_precision() {
        assert_eq!(date_ok(&py("null"), &py(r#""2020""#)), None);
        assert_eq!(date_ok(&py(r#""2016-08""#), &py(r#""2016-08-15""#)), Some(false));
        assert_eq!(date_ok(&py(r#""2024""#), &py("2024")), Some(true));
        assert_eq!(date_ok(&py(r#""2024""#), &py(r#""""#)), Some(false));
    }

    #[test]
    fn province_only_gold_accepts_province_as_location() {
        let g = py(r#"{"location": null, "admin1": "Khyber Pakhtunkhwa"}"#);
        assert_eq!(place_ok(&g, &py(r#"{"location": "Khyber Pakhtunkhwa Province"}"#)), Some(true));
        assert_eq!(place_ok(&g, &py(r#"{"location": "Bajaur"}"#)), Some(false));
        let g = py(r#"{"location": "Quetta", "admin1": "Balochistan"}"#);
        assert_eq!(place_ok(&g, &py(r#"{"admin1": "Balochistan"}"#)), Some(false));
        assert_eq!(place_ok(&g, &py(r#"{"location": "Quetta City"}"#)), Some(true));
    }

    #[test]
    fn ideology_words_overlap() {
        let s = |x: &str| Py::Str(x.into());
        assert!(words_match(&s("salafi jihadist"), &s("salafi jihadism movement")));
        assert!(!words_match(&s("a b c"), &s("a d e f")));
        assert!(!words_match(&s(""), &s("a")));
    }

    #[test]
    fn names_link_predicted_mentions_to_one_gold_actor() {
        let gold = py(r#"[{"canonical": "Islamic State Khorasan Province", "mentions": ["ISKP"]},
                          {"canonical": "Islamic State", "mentions": ["IS"]}]"#);
        let pred = py(r#"[{"canonical": "ISKP", "mentions": ["Daesh-K"]},
                          {"canonical": "Daesh K", "mentions": ["Wilayat Khorasan"]},
                          {"canonical": "IS", "mentions": ["ISKP", "Both"]}]"#);
        let names = Names::new(gold.items(), pred.items());
        assert_eq!(names.get(&py(r#""daesh-k""#)).as_deref(), Some("g0"));
        assert_eq!(names.get(&py(r#""Wilayat Khorasan""#)).as_deref(), Some("g0"));
        assert_eq!(names.get(&py(r#""Both""#)).as_deref(), Some("both"));
        assert_eq!(names.get(&py("null")), None);
    }
}
