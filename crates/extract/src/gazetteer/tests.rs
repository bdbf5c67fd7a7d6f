use std::fmt::Write as _;

use proptest::prelude::*;

use super::*;

fn g() -> &'static Gazetteer {
    Gazetteer::bundled()
}

fn id(key: &str) -> PlaceId {
    g().by_key(key).unwrap_or_else(|| panic!("{key} is not in the gazetteer"))
}

/// One line per resolved mention: `surface → id name (country, admin1) [why]`.
fn describe(gaz: &Gazetteer, text: &str) -> String {
    let mentions = gaz.find(text, Span::new(0, text.len()));
    let mut out = String::new();
    for r in gaz.resolve(text, &mentions) {
        let p = gaz.place(r.place);
        let _ = writeln!(
            out,
            "{} → {} {} ({}, {}) [{}]",
            r.span.slice(text),
            p.id,
            p.name,
            p.country,
            p.admin1.as_deref().unwrap_or("-"),
            r.why.text(gaz, text)
        );
    }
    out
}

/// Checks every resolved mention of `text` against `expect`, one line each.
fn check(text: &str, expect: &[&str]) {
    let got = describe(g(), text);
    let want: String = expect.iter().map(|l| format!("{l}\n")).collect();
    assert_eq!(got, want, "\ntext: {text}\n--- got ---\n{got}--- want ---\n{want}");
}

#[test]
fn bundled_loads_every_row() {
    let gaz = g();
    let main_rows = PLACES_TSV.lines().skip(1).filter(|l| !l.trim().is_empty()).count();
    let new_sup = SUPPLEMENT_TSV.lines().skip(1).filter(|l| l.starts_with("sup:")).count();
    let regions = REGIONS_TSV.lines().skip(1).filter(|l| !l.trim().is_empty()).count();
    assert!(gaz.len() > 50_000, "{} places", gaz.len());
    assert_eq!(gaz.skipped_rows(), 0);
    assert_eq!(gaz.len(), main_rows + new_sup + regions);
    // Every region's `contains` entry resolved.
    for line in REGIONS_TSV.lines().skip(1) {
        let fields: Vec<&str> = line.split('\t').collect();
        let listed = fields.get(10).map_or(0, |c| c.split('|').filter(|s| !s.is_empty()).count());
        let region = id(fields[0]);
        assert_eq!(gaz.members.get(&region).map_or(0, Vec::len), listed, "{}", fields[0]);
        assert_eq!(gaz.place(region).kind, PlaceKind::Region);
        assert!(gaz.note(region).is_some());
    }
}

#[test]
fn hierarchy_codes_resolve() {
    let gaz = g();
    let (mut admin1_missing, mut admin2_missing, mut country_missing) = (0, 0, 0);
    for (pid, p) in gaz.iter() {
        if p.kind == PlaceKind::City && p.admin1.is_some() && gaz.admin1(pid).is_none() {
            admin1_missing += 1;
        }
        if p.admin2.is_some() && p.kind != PlaceKind::Admin1 && gaz.admin2(pid).is_none() {
            admin2_missing += 1;
        }
        if !p.country.is_empty() && gaz.country(pid).is_none() {
            country_missing += 1;
        }
    }
    println!("unresolved: admin1 {admin1_missing}, admin2 {admin2_missing}, country {country_missing}");
    assert_eq!((admin1_missing, admin2_missing), (0, 0));
    // GeoNames entities without an ISO 3166-1 row (XK...) may lack one.
    assert!(country_missing < 100, "{country_missing} places name a country that has no row");
}

#[test]
fn supplement_merges_into_existing_rows() {
    let gaz = g();
    let bajaur = id("gn:1183781");
    let aliases: Vec<&str> = gaz.aliases(bajaur).collect();
    assert!(aliases.contains(&"Bajaur District") && aliases.contains(&"باجوڑ"), "{aliases:?}");
    assert_eq!(gaz.place(bajaur).name, "Bājaur Agency");
    assert!(gaz.note(bajaur).is_some_and(|n| n.contains("Khar")));
    let kp = id("iso:PK-KP");
    assert!(gaz.aliases(kp).any(|a| a == "NWFP"));
    let kalaya = gaz.place(id("sup:pk-kalaya"));
    assert_eq!((kalaya.kind, kalaya.admin2.as_deref(), kalaya.lat), (PlaceKind::City, Some("gn:1168705"), Some(33.6)));
}

#[test]
fn hierarchy_and_regions() {
    let gaz = g();
    let (pk, kp, bajaur, khar) = (id("iso:PK"), id("iso:PK-KP"), id("gn:1183781"), id("gn:1174089"));
    assert!(gaz.contains(pk, kp) && gaz.contains(kp, bajaur) && gaz.contains(bajaur, khar));
    assert!(gaz.contains(pk, khar) && gaz.contains(kp, khar));
    assert!(!gaz.contains(khar, bajaur) && !gaz.contains(khar, khar) && !gaz.contains(id("iso:AF"), khar));
    assert_eq!(gaz.admin1(khar), Some(kp));
    assert_eq!(gaz.admin1(kp), Some(kp));
    assert_eq!(gaz.country(khar), Some(pk));
    assert_eq!(gaz.country(pk), Some(pk));
    assert_eq!(gaz.admin1(id("sup:pk-fata")), Some(kp), "FATA resolves to KP");

    let khorasan = id("reg:khorasan");
    assert!(gaz.contains(khorasan, pk) && gaz.contains(khorasan, id("gn:1138958")), "Khorasan ⊃ Kabul");
    assert!(!gaz.contains(khorasan, id("iso:IN")));
    assert_eq!(gaz.country(khorasan), None);
    let kashmir = id("reg:kashmir");
    assert!(gaz.contains(kashmir, id("iso:PK-JK")) && !gaz.contains(kashmir, pk));
    assert!(!gaz.contains(kashmir, id("gn:1172451")), "Lahore is not in Kashmir");
    assert!(gaz.overlaps(kashmir, pk) && gaz.overlaps(pk, kashmir) && !gaz.overlaps(kashmir, id("iso:AF")));
    assert!(gaz.contains(id("reg:south-asia"), kashmir), "a region contains a region inside it");
    let waziristan = id("reg:waziristan");
    assert!(gaz.contains(kp, waziristan) && gaz.contains(waziristan, id("gn:1168875")));
    assert!(
        gaz.contains(id("reg:north-caucasus"), id("iso:RU-CE"))
            && !gaz.contains(id("reg:north-caucasus"), id("gn:524901"))
    );
}

#[test]
fn kabul_with_af_pak_context() {
    check(
        "Kabul’s police said the attack in Kabul's west was claimed from Pakistan; Afghanistan denied it.",
        &[
            "Kabul → gn:1138958 Kabul (AF, AF-KAB) [city preferred over its province of the same name]",
            "Kabul → gn:1138958 Kabul (AF, AF-KAB) [city preferred over its province of the same name]",
            "Pakistan → iso:PK Pakistan (PK, -) [only candidate]",
            "Afghanistan → iso:AF Afghanistan (AF, -) [only candidate]",
        ],
    );
}

#[test]
fn a_container_named_after_decides() {
    check(
        "Twin bombings in Kerman, Iran killed 95.",
        &[
            "Kerman → gn:128234 Kerman (IR, IR-08) [city preferred over its province of the same name]",
            "Iran → iso:IR Iran (IR, -) [only candidate]",
        ],
    );
    check("Kerman province was on alert.", &["Kerman province → iso:IR-08 Kermān (IR, IR-08) [only candidate]"]);
    check(
        "The Kerman police said Kerman province was on alert.",
        &[
            "Kerman → gn:128234 Kerman (IR, IR-08) [city preferred over its province of the same name]",
            "Kerman province → iso:IR-08 Kermān (IR, IR-08) [only candidate]",
        ],
    );
    check(
        "Gunmen attacked Crocus City Hall in Krasnogorsk, Russia.",
        &[
            "Krasnogorsk → gn:542374 Krasnogorsk (RU, RU-MOS) [largest population]",
            "Russia → iso:RU Russia (RU, -) [only candidate]",
        ],
    );
    check(
        "Khar, Pakistan",
        &[
            "Khar → gn:1174089 Khar (PK, PK-KP) [country named nearby (Pakistan)]",
            "Pakistan → iso:PK Pakistan (PK, -) [only candidate]",
        ],
    );
    check(
        "fighting in Achin District, Afghanistan",
        &[
            "Achin District → gn:7053262 Achīn (AF, AF-NAN) [only candidate]",
            "Afghanistan → iso:AF Afghanistan (AF, -) [only candidate]",
        ],
    );
}

#[test]
fn context_elsewhere_and_dominant_country() {
    check(
        "The Taliban hold Afghanistan. A blast hit Jalalabad on Monday.",
        &[
            "Afghanistan → iso:AF Afghanistan (AF, -) [only candidate]",
            "Jalalabad → gn:1139715 Jalālābād (AF, AF-NAN) [country named elsewhere (Afghanistan); kind priority (city)]",
        ],
    );
    // No country named: Kabul is unambiguous about its country, so AF dominates.
    check(
        "Kabul and Kandahar were quiet, but Jalalabad was hit.",
        &[
            "Kabul → gn:1138958 Kabul (AF, AF-KAB) [city preferred over its province of the same name]",
            "Kandahar → gn:1138336 Kandahār (AF, AF-KAN) [document's dominant country AF; city preferred over its province of the same name]",
            "Jalalabad → gn:1139715 Jalālābād (AF, AF-NAN) [document's dominant country AF; kind priority (city)]",
        ],
    );
    check(
        "ISPP operates in Punjab, Sindh, Balochistan and AJK, and less in KP. Baluchistan is the worst hit. Pakistan says so.",
        &[
            "Punjab → iso:PK-PB Punjab (PK, PK-PB) [country named elsewhere (Pakistan)]",
            "Sindh → iso:PK-SD Sindh (PK, PK-SD) [only candidate]",
            "Balochistan → iso:PK-BA Balochistan (PK, PK-BA) [only candidate]",
            "AJK → iso:PK-JK Azad Jammu and Kashmir (PK, PK-JK) [only candidate]",
            "KP → iso:PK-KP Khyber Pakhtunkhwa (PK, PK-KP) [only candidate]",
            "Baluchistan → iso:PK-BA Balochistan (PK, PK-BA) [only candidate]",
            "Pakistan → iso:PK Pakistan (PK, -) [only candidate]",
        ],
    );
}

#[test]
fn prominence_beats_country_context() {
    // Naming the US does not make Moscow Moscow, Idaho, nor Georgia the state.
    check(
        "Moscow and the U.S. traded accusations after Russia's war in Georgia.",
        &[
            "Moscow → gn:524901 Moscow (RU, RU-MOW) [far larger than its namesakes]",
            "U.S. → iso:US United States (US, -) [only candidate]",
            "Russia → iso:RU Russia (RU, -) [only candidate]",
            "Georgia → iso:GE Georgia (GE, -) [a country's own name]",
        ],
    );
    // ... but "X, Y" still decides, both ways.
    check(
        "Savannah, Georgia and Moscow, Idaho",
        &[
            "Savannah → gn:4221552 Savannah (US, US-GA) [admin-1 named nearby (Georgia)]",
            "Georgia → iso:US-GA Georgia (US, US-GA) [contains the city named before it (Savannah)]",
            "Moscow → gn:5601538 Moscow (US, US-ID) [admin-1 named nearby (Idaho)]",
            "Idaho → iso:US-ID Idaho (US, US-ID) [only candidate]",
        ],
    );
}

#[test]
fn acronyms_match_case_sensitively() {
    check(
        "ISKP attacked a convention in the Bajaur area of Khyber Pakhtunkhwa (KP). Later, KP police said kp and Kp are not names.",
        &[
            "Bajaur → gn:1183781 Bājaur Agency (PK, PK-KP) [only candidate]",
            "Khyber Pakhtunkhwa → iso:PK-KP Khyber Pakhtunkhwa (PK, PK-KP) [only candidate]",
            "KP → iso:PK-KP Khyber Pakhtunkhwa (PK, PK-KP) [only candidate]",
            "KP → iso:PK-KP Khyber Pakhtunkhwa (PK, PK-KP) [only candidate]",
        ],
    );
    let gaz = g();
    assert!(gaz.contains(id("iso:PK-KP"), id("gn:1183781")));
    // Short all-caps words match acronyms only: JUI is a party, not Huy (BE).
    check(
        "The JUI-F, the TTP and the US and UK.",
        &["US → iso:US United States (US, -) [only candidate]", "UK → iso:GB United Kingdom (GB, -) [only candidate]"],
    );
    check(
        "FATA and the ICT",
        &[
            "FATA → sup:pk-fata Federally Administered Tribal Areas (PK, PK-KP) [only candidate]",
            "ICT → iso:PK-IS Islamabad (PK, PK-IS) [only candidate]",
        ],
    );
}

#[test]
fn provinces_and_districts() {
    check(
        "an attack in Sar-e Pol Province; Sar-e Pol city",
        &[
            "Sar-e Pol Province → iso:AF-SAR Sar-e Pul (AF, AF-SAR) [only candidate]",
            "Sar-e Pol → gn:1127110 Sar-e Pul (AF, AF-SAR) [followed by 'city']",
        ],
    );
    check(
        "Kalaya, a Shia-majority neighbourhood in the Orakzai district of KP",
        &[
            "Kalaya → sup:pk-kalaya Kalaya (PK, PK-KP) [only candidate]",
            "Orakzai district → gn:1168705 Orakzai Agency (PK, PK-KP) [only candidate]",
            "KP → iso:PK-KP Khyber Pakhtunkhwa (PK, PK-KP) [only candidate]",
        ],
    );
    check(
        "Islamabad",
        &["Islamabad → gn:1176615 Islamabad (PK, PK-IS) [city preferred over its province of the same name]"],
    );
    assert_eq!(g().admin1(id("gn:1176615")), Some(id("iso:PK-IS")));
    check("Quetta", &["Quetta → gn:1167528 Quetta (PK, PK-BA) [kind priority (city)]"]);
    check("Quetta District", &["Quetta District → gn:1167527 Quetta District (PK, PK-BA) [only candidate]"]);
}

#[test]
fn us_cities() {
    // GeoNames has no `New York` alias on New York City (gn:5128581); the
    // reviewed supplement adds it, so a list of cities means the city.
    check(
        "Los Angeles, New York, and Philadelphia",
        &[
            "Los Angeles → gn:5368361 Los Angeles (US, US-CA) [document's dominant country US]",
            "New York → gn:5128581 New York City (US, US-NY) [city preferred over its province of the same name]",
            "Philadelphia → gn:4560349 Philadelphia (US, US-PA) [document's dominant country US; largest population]",
        ],
    );
}

#[test]
fn new_york_city_with_an_alias() {
    // A supplement row with an existing id merges its aliases into the row.
    let supplement = format!("{SUPPLEMENT_TSV}gn:5128581\t\t\t\t\t\t\t\t\tNew York\tadded by the test\n");
    let gaz = Gazetteer::from_sources(PLACES_TSV, &supplement, REGIONS_TSV);
    assert_eq!(gaz.len(), g().len());
    assert_eq!(gaz.place(id("gn:5128581")).name, "New York City");
    assert_eq!(
        describe(&gaz, "Los Angeles, New York, and Philadelphia"),
        "Los Angeles → gn:5368361 Los Angeles (US, US-CA) [document's dominant country US]\n\
         New York → gn:5128581 New York City (US, US-NY) [city preferred over its province of the same name]\n\
         Philadelphia → gn:4560349 Philadelphia (US, US-PA) [document's dominant country US; largest population]\n"
    );
}

#[test]
fn organisation_and_person_names() {
    check("the IRGC's Quds Force and the Pakistan Army", &[]);
    check(
        "Islamic State Khorasan Province (ISKP) in Pakistan",
        &[
            // The region's own name beats Horasan (TR), which has it as an alias.
            "Khorasan → reg:khorasan Khorasan (, -) [only candidate]",
            "Pakistan → iso:PK Pakistan (PK, -) [only candidate]",
        ],
    );
    check("Maulawi Habib ur Rahman, Dawood Ahmad Sofi, Mohamed Zahran, Abu Bakr al-Baghdadi", &[]);
    check("US forces left", &["US → iso:US United States (US, -) [only candidate]"]);
}

#[test]
fn english_words_are_not_places() {
    check(
        "Split from ISKP, most of it is in March. Of the dead, Man said. Most fled. May 2024. Police said. \
         Reading the report on a Mobile phone, Central Asia's Human Rights; Der Spiegel. Goes on. Union.",
        &["Central Asia → reg:central-asia Central Asia (, -) [only candidate]"],
    );
    check("no places here, only words: of, is, can, split, march.", &[]);
    check("", &[]);
}

#[test]
fn whole_words_only() {
    check("Kharkiv", &["Kharkiv → gn:706483 Kharkiv (UA, UA-63) [city preferred over its province of the same name]"]);
    check(
        "Pakistani and Afghan militants; Islamabad-based analysts",
        &["Islamabad → gn:1176615 Islamabad (PK, PK-IS) [city preferred over its province of the same name]"],
    );
    check("Côte d'Ivoire", &["Côte d'Ivoire → iso:CI Ivory Coast (CI, -) [only candidate]"]);
}

#[test]
fn names_across_spaces_dots_and_line_breaks() {
    check(
        "Khyber\nPakhtunkhwa, not Khyber\n\nPakhtunkhwa; N.W.F.P. and the U.S. capital Washington, D.C.",
        &[
            "Khyber\nPakhtunkhwa → iso:PK-KP Khyber Pakhtunkhwa (PK, PK-KP) [only candidate]",
            "Khyber → gn:1173641 Khyber Agency (PK, PK-KP) [only candidate]",
            "Pakhtunkhwa → iso:PK-KP Khyber Pakhtunkhwa (PK, PK-KP) [only candidate]",
            "N.W.F.P. → iso:PK-KP Khyber Pakhtunkhwa (PK, PK-KP) [only candidate]",
            "U.S. → iso:US United States (US, -) [only candidate]",
            "Washington → gn:4140963 Washington (US, US-DC) [city named nearby (D.C.)]",
            "D.C. → gn:4140963 Washington (US, US-DC) [only candidate]",
        ],
    );
}

#[test]
fn country_names_beat_aliases() {
    check(
        "in Iran and Iraq",
        &["Iran → iso:IR Iran (IR, -) [only candidate]", "Iraq → iso:IQ Iraq (IQ, -) [only candidate]"],
    );
}

#[test]
fn regions() {
    check(
        "Kashmir and Waziristan in Pakistan; the Sahel; the North Caucasus; South East Asia",
        &[
            "Kashmir → reg:kashmir Kashmir (, -) [only candidate]",
            "Waziristan → reg:waziristan Waziristan (PK, PK-KP) [only candidate]",
            "Pakistan → iso:PK Pakistan (PK, -) [only candidate]",
            "Sahel → reg:sahel Sahel (, -) [kind priority (region)]",
            "North Caucasus → reg:north-caucasus North Caucasus (RU, -) [only candidate]",
            "South East Asia → reg:southeast-asia Southeast Asia (, -) [only candidate]",
        ],
    );
    // Without the region row, Tirah would only hit two towns in Israel.
    check(
        "fighting in Tirah and the Tirah Valley",
        &[
            "Tirah → reg:tirah Tirah (PK, PK-KP) [only candidate]",
            "Tirah Valley → reg:tirah Tirah (PK, PK-KP) [only candidate]",
        ],
    );
}

#[test]
fn plain_forms_of_names_with_diacritics() {
    check(
        "Nangarhār and Nangarhar; Nad Ali in Helmand",
        &[
            "Nangarhār → iso:AF-NAN Nangarhār (AF, AF-NAN) [only candidate]",
            "Nangarhar → iso:AF-NAN Nangarhār (AF, AF-NAN) [only candidate]",
            // The district centre (alias Nad Ali) over the district, both in Helmand.
            "Nad Ali → gn:1132550 Ḩukūmat-e Nād ‘Alī (AF, AF-HEL) [kind priority (city)]",
            "Helmand → iso:AF-HEL Helmand (AF, AF-HEL) [only candidate]",
        ],
    );
}

#[test]
fn spans_are_canonical_offsets() {
    let text = "‘ISIS–K’ hit “Kabul’s” airport – then Sar‑e Pol.";
    let gaz = g();
    let found = gaz.find(text, Span::new(0, text.len()));
    let surfaces: Vec<&str> = found.iter().map(|m| m.span.slice(text)).collect();
    assert_eq!(surfaces, ["Kabul", "Sar‑e Pol"]);
    for m in &found {
        assert_eq!(m.surface(text), m.span.slice(text));
        assert!(!m.candidates.is_empty());
    }
    // `within` limits the search; invalid ranges find nothing.
    let start = text.find("then").unwrap_or(0);
    let inner = gaz.find(text, Span::new(start, text.len()));
    assert_eq!(inner.len(), 1);
    assert!(gaz.find(text, Span { start: 1, end: 5 }).is_empty(), "not a char boundary");
    assert!(gaz.find(text, Span { start: 10, end: 10_000 }).is_empty());
    assert!(gaz.find(text, Span { start: 9, end: 3 }).is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn never_panics(text in "[ A-Za-z’'\u{2013}\u{e9}\u{627}\u{628},.()-]{0,80}", a in 0usize..100, b in 0usize..100) {
        let gaz = g();
        let whole = gaz.find(&text, Span { start: 0, end: text.len() });
        let part = gaz.find(&text, Span { start: a, end: b });
        for m in whole.iter().chain(&part) {
            prop_assert!(text.get(m.span.start..m.span.end).is_some());
        }
        let mut all = whole.clone();
        // Mentions from another text must not panic either.
        all.push(PlaceMention { span: Span { start: a, end: b }, candidates: vec![PlaceId(u32::MAX), PlaceId(0)] });
        let resolved = gaz.resolve(&text, &all);
        prop_assert!(resolved.len() >= whole.len());
    }
}

/// The words `find` tries as the start of a name, the plain way: every
/// word in turn, less those that begin with an ASCII lowercase letter or a
/// digit.
fn heads_plain(f: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some((start, end)) = matcher::word_at(f, at) {
        at = end;
        if !f[start..].starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit()) {
            out.push((start, end));
        }
    }
    out
}

fn heads_fast(f: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some((start, end)) = matcher::next_head(f, at) {
        at = end;
        out.push((start, end));
    }
    out
}

#[test]
fn skipping_to_capitalized_words_finds_the_same_words() {
    let samples = [
        "",
        "A",
        "a",
        "iPhone and 3G in Kabul, al-Anbar's ISKP",
        "Ab cD eF 12Gh ijklmnopQrstuv WXYZ wxyz",
        "sentence\u{2022}Bullet \u{e9}t\u{e9} \u{c9}t\u{e9} caf\u{e9}Z Zanz\u{ed}bar",
        "\u{627}\u{644}\u{639}\u{631}\u{627}\u{642} x\u{300}Y a\u{200d}B",
        "lowercase words only, eight bytes at a time and more than that",
        "exactly8Xabcdefg\u{e9}Habcdefgh",
        "\u{2019}Kabul\u{2019}s 'Herat' \u{201c}Quetta\u{201d}",
    ];
    for s in samples {
        assert_eq!(heads_fast(s), heads_plain(s), "{s:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]
    #[test]
    fn skipping_finds_the_same_words_in_any_text(f in "[ a-zA-Z0-9.,'\u{e9}\u{c9}\u{300}\u{2022}\u{627}\u{200d}\u{1f600}-]{0,40}") {
        prop_assert_eq!(heads_fast(&f), heads_plain(&f));
    }
}

/// A listed word and the forms a fast comparison could confuse with it:
/// all capitals, capitalized, with an `s`, without its first letter.
fn near_forms(w: &str) -> [String; 5] {
    let mut cap = w.to_string();
    cap[..1].make_ascii_uppercase();
    [w.to_string(), w.to_uppercase(), cap, format!("{w}s"), w[1..].to_string()]
}

#[test]
fn gap_checks_agree_with_their_plain_forms() {
    // `keys::plain_gap` as first written.
    let plain = |gap: &str| {
        gap.is_ascii() && !gap.bytes().any(|b| matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r')) && !gap.contains("  ")
    };
    for gap in
        ["", " ", "  ", ", ", " , ", "\t", " \n", "&", " - ", "a  b", "\u{a0}", ".\r", " \u{b}", "x \u{c}", ". .  "]
    {
        assert_eq!(keys::plain_gap(gap), plain(gap), "{gap:?}");
    }
    // `resolve::gap_word` against the list.
    let listed = |w: &str| {
        resolve::GAP_WORDS
            .iter()
            .find(|g| g.to_lowercase() == w.to_lowercase())
            .map(|g| matches!(*g, "," | "(" | "in" | "of"))
    };
    let mut words: Vec<String> =
        ["", "and", "at", "districts", "Kabul", "ab", "northwestern", "in,", "OUTS\u{212a}IRTS", "\u{130}n", "İN"]
            .iter()
            .map(|s| s.to_string())
            .collect();
    words.extend(resolve::GAP_WORDS.iter().flat_map(|g| near_forms(g)));
    for w in &words {
        assert_eq!(resolve::gap_word(w), listed(w), "{w:?}");
    }
}

#[test]
fn neighbour_words_agree_with_their_plain_forms() {
    fn next_plain(text: &str, end: usize) -> Option<&str> {
        let after = text.get(end..)?;
        let rest = after.trim_start_matches([' ', '\t']);
        if rest.len() == after.len() {
            return None;
        }
        let len = rest.find(|c: char| !c.is_alphanumeric()).unwrap_or(rest.len());
        rest.get(..len).filter(|w| !w.is_empty())
    }
    fn prev_plain(text: &str, start: usize) -> Option<&str> {
        let before = text.get(..start)?;
        let rest = before.trim_end_matches([' ', '\t']);
        if rest.len() == before.len() {
            return None;
        }
        let from = rest.char_indices().rev().find(|(_, c)| !c.is_alphanumeric()).map_or(0, |(i, c)| i + c.len_utf8());
        rest.get(from..).filter(|w| !w.is_empty())
    }
    let texts = [
        "",
        "Kabul Force in Herat",
        "Habib ur Rahman",
        "Mr. Khan \t Kabul, a\u{e9}b\u{e9} Z\u{fc}rich-Nord 12abc \u{2022}x \u{627}\u{644} Iraq",
        "caf\u{e9} Kabul \u{e9}t\u{e9} X\u{300}Y Ab\u{2019}s \u{212a}han Herat",
        "  \t\n Quetta  \u{a0} Kandahar\u{e9} \u{1f600}Ab",
    ];
    for text in texts {
        for i in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            assert_eq!(matcher::next_word(text, i), next_plain(text, i), "{text:?} {i}");
            assert_eq!(matcher::prev_word(text, i), prev_plain(text, i), "{text:?} {i}");
        }
    }
}

#[test]
fn gap_pieces_are_the_whitespace_split() {
    let texts = [
        "",
        " ",
        ", in the",
        "  Kabul,\tin\u{b}the\u{c}(\r\narea)  ",
        "\u{a0}of\u{2003}the\u{3000}x\u{85}y\u{1680}",
        "caf\u{e9} \u{e9}t\u{e9}\u{2019}s   \u{627}\u{644} -",
    ];
    for text in texts {
        let mut at = 0;
        let mut pieces = Vec::new();
        while let Some(p) = resolve::next_piece(text, &mut at) {
            pieces.push(p);
        }
        assert_eq!(pieces, text.split_whitespace().collect::<Vec<_>>(), "{text:?}");
    }
}

/// Build and first-call times and memory (run with `--release -- --ignored
/// --nocapture`).
#[test]
#[ignore]
fn build_time() {
    let t = std::time::Instant::now();
    let first = Gazetteer::bundled();
    let bundled = t.elapsed();
    let rss = || {
        let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
        statm.split(' ').nth(1).and_then(|p| p.parse::<usize>().ok()).unwrap_or(0) * 4096
    };
    let before = rss();
    let t = std::time::Instant::now();
    let gaz = Gazetteer::from_sources(PLACES_TSV, SUPPLEMENT_TSV, REGIONS_TSV);
    let fresh = t.elapsed();
    println!("resident memory grew by {:.1} MB for a second gazetteer", (rss().saturating_sub(before)) as f64 / 1e6);
    let text = include_str!("../../../../corpus/002_a0dd040568ab9a18.txt");
    let t = std::time::Instant::now();
    let found = gaz.find(text, Span::new(0, text.len()));
    let find = t.elapsed();
    let resolved = gaz.resolve(text, &found);
    let search = t.elapsed();
    let t = std::time::Instant::now();
    let again = gaz.find(text, Span::new(0, text.len()));
    println!("find {find:?}, again {:?} ({} mentions)", t.elapsed(), again.len());
    println!(
        "bundled() first call {bundled:?}; from_sources {fresh:?}; \
         {} places, {} names, {} entries, {} words at most; memory ~{:.1} MB; \
         find+resolve on {} bytes: {search:?} ({} mentions, {} resolved)",
        first.len(),
        gaz.t.key_starts.len() - 1,
        gaz.t.entries.len() / 2,
        gaz.t.max_words,
        gaz.memory_usage() as f64 / 1e6,
        text.len(),
        found.len(),
        resolved.len()
    );
}

#[test]
fn the_embedded_table_is_what_the_sources_compile_to() {
    // The build script and `from_sources` share `compile`; the output must
    // not depend on hash order or threads.
    let compiled = compile::compile(PLACES_TSV, SUPPLEMENT_TSV, REGIONS_TSV);
    assert!(compiled.data == TABLE, "the table differs from a fresh compile");
    assert!(compiled.pool == POOL, "the pool differs from a fresh compile");
}

#[test]
fn every_name_and_beginning_is_found_in_the_table() {
    let t = &g().t;
    let keys = t.key_starts.len() - 1;
    assert!(keys > 200_000, "{keys} keys");
    for k in 0..keys {
        let key = t.string(t.key_starts, k);
        // What `Tables::lookup` compares by.
        assert!(!key.bytes().any(|b| b.is_ascii_uppercase()), "{key}");
        // As written in a text: any ASCII case.
        let shouted = key.to_ascii_uppercase();
        assert_eq!(t.lookup(keys::KeyHash::of(&shouted), shouted.as_bytes()).0, Some(k as u32), "{key}");
        // Each beginning of a multi-word key says that it continues.
        for (i, _) in key.match_indices(' ') {
            let head = &key[..i];
            if head.ends_with(|c: char| keys::is_word_char(c)) {
                assert!(t.lookup(keys::KeyHash::of(head), head.as_bytes()).1, "{head} of {key}");
            }
        }
    }
    assert_eq!(t.lookup(keys::KeyHash::of("no such place"), b"no such place"), (None, false));
}

#[test]
fn the_filter_passes_every_name_and_beginning() {
    let t = &g().t;
    let mut checked = 0;
    for k in 0..t.key_starts.len() - 1 {
        let key = t.string(t.key_starts, k);
        assert!(t.may_hold(keys::KeyHash::of(key)), "{key}");
        // Every cut after a word but the last, as the compiler makes them
        // (`u.a.e.` begins with `u` and `u.a`).
        let mut ends = Vec::new();
        let mut in_word = false;
        for (i, c) in key.char_indices() {
            let w = keys::is_word_char(c);
            if in_word && !w {
                ends.push(i);
            }
            in_word = w;
        }
        if !in_word {
            ends.pop();
        }
        for head in ends.iter().map(|&e| &key[..e]) {
            assert!(t.may_hold(keys::KeyHash::of(head)), "{head} of {key}");
            checked += 1;
        }
    }
    assert!(checked > 50_000, "{checked} beginnings");
    // And it turns most other strings away (the rate follows from
    // `FILTER_BITS_PER_NODE`: about one in twenty passes).
    let others: Vec<String> = (0..20_000).map(|i| format!("qx{i} zv{}", i * 7)).collect();
    let passed = others.iter().filter(|s| t.may_hold(keys::KeyHash::of(s))).count();
    assert!(passed < others.len() / 8, "{passed} of {} pass", others.len());
    for s in &others {
        assert_eq!(t.lookup(keys::KeyHash::of(s), s.as_bytes()).0, None, "{s}");
    }
}

#[test]
fn the_listed_bits_agree_with_the_members_map() {
    let gaz = g();
    assert!(!gaz.members.is_empty());
    for i in 0..gaz.len() as u32 + 70 {
        assert_eq!(gaz.members_of(PlaceId(i)), gaz.members.get(&PlaceId(i)), "{i}");
    }
}

#[test]
fn word_checks_agree_with_their_plain_forms() {
    for t in words::PERSON_TOKENS {
        // What `matcher::PERSON_KEYS` relies on.
        assert!(t.len() <= 8 && !t.contains('\0') && t.is_ascii() && *t == t.to_ascii_lowercase(), "{t}");
    }
    let plain_person = |w: &str| words::PERSON_TOKENS.contains(&w.to_lowercase().as_str());
    let plain_kind = |w: &str| match w.to_lowercase().as_str() {
        "province" | "provinces" | "oblast" | "state" => Some(PlaceKind::Admin1),
        "district" | "districts" | "agency" | "tehsil" | "county" => Some(PlaceKind::Admin2),
        "city" | "town" | "village" => Some(PlaceKind::City),
        "region" => Some(PlaceKind::Region),
        _ => None,
    };
    let mut samples: Vec<String> =
        ["", "a", "Al", "AL", "aL", "khan", "Khans", "Kha", "abdullahx", "Mohammed", "mr", "Dr", "ĸhan"]
            .iter()
            .chain(&[
                "\u{212a}han",
                "Muhammad\0",
                "Province",
                "PROVINCES",
                "district",
                "Districtx",
                "region",
                "Tehsil",
                "village",
            ])
            .chain(&["\u{130}", "Ɐgency", "countyy", "Stat", "ṡtate", "Provincesprovinces"])
            .map(|s| s.to_string())
            .collect();
    samples.extend(words::PERSON_TOKENS.iter().flat_map(|t| near_forms(t)));
    for w in &samples {
        assert_eq!(matcher::is_person_token(w), plain_person(w), "{w:?}");
        assert_eq!(matcher::hinted_kind(w), plain_kind(w), "{w:?}");
    }
}

#[test]
fn a_small_gazetteer_from_sources() {
    let places = "id\tname\tkind\tcountry\tadmin1\tadmin2\tpopulation\tlat\tlon\taliases\n\
        iso:XA\tXanadu\tcountry\tXA\t\t\t1000\t\t\tRepublic of Xanadu|ROX|Xan\n\
        iso:XA-01\tUpper Vale\tadmin1\tXA\tXA-01\t\t\t\t\t\n\
        gn:1\tNew Fort\tcity\tXA\tXA-01\t\t5000000\t1.5\t-2.25\tN.F.|Nëw Fört\n\
        gn:2\tVale\tcity\tXA\tXA-01\t\t\t\t\t\n\
        bad\trow\tplanet\n";
    let supplement = "id\tname\tkind\tcountry\tadmin1\tadmin2\tpopulation\tlat\tlon\taliases\tnote\n\
        gn:2\t\t\t\t\t\t\t\t\tOld Vale\trenamed\n\
        sup:new\t\t\t\t\t\t\t\t\tNothing\tno name or kind: skipped\n";
    let regions = "id\tname\tkind\tcountry\tadmin1\tadmin2\tpopulation\tlat\tlon\taliases\tcontains\tnote\n\
        reg:xa\tGreater Xanadu\tregion\t\t\t\t\t\t\t\tXA|gn:2\ta region\n";
    let gaz = Gazetteer::from_sources(places, supplement, regions);
    assert_eq!((gaz.len(), gaz.skipped_rows()), (5, 2));
    let fort = gaz.by_key("gn:1").expect("gn:1");
    let p = gaz.place(fort);
    assert_eq!(
        (p.name.as_str(), p.kind, p.country.as_str(), p.admin1.as_deref()),
        ("New Fort", PlaceKind::City, "XA", Some("XA-01"))
    );
    assert_eq!((p.population, p.lat, p.lon, p.admin2.as_deref()), (Some(5_000_000), Some(1.5), Some(-2.25), None));
    assert_eq!(gaz.aliases(fort).collect::<Vec<_>>(), ["N.F.", "Nëw Fört"]);
    let vale = gaz.by_key("gn:2").expect("gn:2");
    assert_eq!((gaz.note(vale), gaz.note(fort)), (Some("renamed"), None));
    assert_eq!(gaz.by_key("sup:new"), None);
    let (xa, region) = (gaz.by_key("iso:XA").expect("iso:XA"), gaz.by_key("reg:xa").expect("reg:xa"));
    assert_eq!((gaz.country(fort), gaz.admin1(fort), gaz.country(region)), (Some(xa), gaz.by_key("iso:XA-01"), None));
    assert!(gaz.contains(region, xa) && gaz.contains(region, fort) && !gaz.contains(xa, region));
    assert_eq!(gaz.place(PlaceId(99)).id, "");
    assert_eq!(
        describe(&gaz, "ROX said N.F. and New\nFort, Nëw Fört, New Fort, Old Vale and Rox are in Greater Xanadu; Xan"),
        "ROX → iso:XA Xanadu (XA, -) [only candidate]\n\
         N.F. → gn:1 New Fort (XA, XA-01) [only candidate]\n\
         New\nFort → gn:1 New Fort (XA, XA-01) [only candidate]\n\
         Nëw Fört → gn:1 New Fort (XA, XA-01) [only candidate]\n\
         New Fort → gn:1 New Fort (XA, XA-01) [only candidate]\n\
         Old Vale → gn:2 Vale (XA, XA-01) [only candidate]\n\
         Greater Xanadu → reg:xa Greater Xanadu (, -) [only candidate]\n\
         Xan → iso:XA Xanadu (XA, -) [only candidate]\n",
        "an acronym matches only as written (ROX, not Rox)"
    );
}

#[test]
fn kinds_and_folding_agree_with_their_other_copies() {
    for (i, name) in table::KIND_NAMES.iter().enumerate() {
        assert_eq!(PlaceKind::from_index(i as u8).map(PlaceKind::as_str), Some(*name));
    }
    for c in (0..=0x10ffff).filter_map(char::from_u32) {
        let folded = dossier_read::normalize::fold_char(c);
        assert_eq!(compile::fold_char(c), folded, "{c:?}");
        if folded != c {
            // `find` skips passages without these lead bytes.
            assert!(matcher_may_fold(c), "{c:?}");
        }
    }
    for month in dossier_model::MONTH_NAMES {
        assert!(words::is_stop_name(month), "{month}");
    }
}

#[test]
fn may_fold_reads_every_byte_of_a_passage() {
    let plain = |s: &str| !s.is_ascii() && s.bytes().any(|b| matches!(b, 0xc2 | 0xca | 0xe2 | 0xef));
    for c in ['a', '\u{e9}', '\u{2019}', '\u{2013}', '\u{2bc}', '\u{ab}', '\u{ff0d}', '\u{627}', '\u{1f600}'] {
        for pad in 0..20 {
            for tail in [0, 1, 7, 8, 9] {
                let s = format!("{}{c}{}", "x".repeat(pad), "\u{e9}".repeat(tail));
                assert_eq!(matcher::may_fold(&s), plain(&s), "{s:?}");
            }
        }
    }
}

fn matcher_may_fold(c: char) -> bool {
    let mut buf = [0u8; 4];
    matcher::may_fold(c.encode_utf8(&mut buf))
}

/// `find` as it was before it picked matches on the fly: every match
/// collected, sorted by start and then longest first, and the
/// non-overlapping ones kept.
fn find_collected(gaz: &Gazetteer, text: &str, within: Span) -> Vec<PlaceMention> {
    let mut found = Vec::new();
    gaz.scan(text, within, |m| found.push(m));
    found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let (mut out, mut last_end, mut all) = (Vec::new(), 0, Vec::new());
    for (start, end, mut candidates) in found {
        if start < last_end {
            continue;
        }
        last_end = end;
        if candidates.len() > 1 {
            gaz.sort_by_prior(&mut candidates, matcher::kind_hint(text, start, end), &mut all);
        }
        out.push(PlaceMention { span: Span::new(start, end), candidates });
    }
    out
}

#[test]
fn picking_on_the_fly_keeps_what_sorting_kept() {
    let texts = crate::fixture_texts(&["extract_text"]);
    for text in &texts {
        // The whole text, and each paragraph as `extract` asks.
        let mut spans = vec![Span::new(0, text.len())];
        let mut at = 0;
        for para in text.split("\n\n") {
            spans.push(Span::new(at, at + para.len()));
            at += para.len() + 2;
        }
        for span in spans {
            assert_eq!(g().find(text, span), find_collected(g(), text, span), "{span:?}");
        }
    }
    assert!(texts.len() > 4, "{} files", texts.len());
}

#[test]
fn word_char_tables_agree_with_unicode() {
    for c in (0..0x3000).filter_map(char::from_u32) {
        assert_eq!(keys::is_word_char(c), keys::is_word_char_slow(c), "{c:?} U+{:04X}", u32::from(c));
    }
}
