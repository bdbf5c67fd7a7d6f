//! The importers on hand-written files under each dataset's real header
//! (see `HEADERS.md` for where each header comes from).

use std::fs::File;
use std::io::Cursor;

use dossier_import::{
    ActorRole, Claimed, DatasetKind, DatasetRow, GeoPrecision, ImportError, Layout, RowError, detect, generate_acled,
    open,
};
use dossier_model::{DatePrecision, PartialDate};

fn fixture(name: &str) -> File {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    File::open(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every row of a fixture, split into the good rows and the errors.
fn read_all(name: &str) -> (Layout, Vec<DatasetRow>, Vec<ImportError>) {
    let rows = open(fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let layout = rows.layout();
    let (mut good, mut bad) = (Vec::new(), Vec::new());
    for row in rows {
        match row {
            Ok(row) => good.push(row),
            Err(e) => bad.push(e),
        }
    }
    (layout, good, bad)
}

fn day(y: i32, m: u8, d: u8) -> PartialDate {
    PartialDate::day(y, m, d).unwrap()
}

fn by_id<'a>(rows: &'a [DatasetRow], id: &str) -> &'a DatasetRow {
    rows.iter().find(|r| r.id == id).unwrap_or_else(|| panic!("no row {id}"))
}

#[test]
fn acled_current_layout_reads_every_row() {
    let (layout, rows, errors) = read_all("acled_current.csv");
    assert_eq!(layout, Layout::AcledCurrent);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(rows.len(), 36);
    let lines: Vec<u64> = rows.iter().map(|r| r.line).collect();
    assert_eq!(lines, (2..=37).collect::<Vec<_>>(), "one row per line, in file order");

    let bajaur = by_id(&rows, "PAK98231");
    assert_eq!(bajaur.kind, DatasetKind::Acled);
    assert_eq!(bajaur.line, 2);
    assert_eq!(bajaur.date, day(2023, 7, 30));
    assert!(!bajaur.date_approximate);
    assert_eq!(bajaur.country.as_deref(), Some("Pakistan"));
    assert_eq!(bajaur.iso_numeric, Some(586));
    assert_eq!(bajaur.admin1.as_deref(), Some("Khyber Pakhtunkhwa"));
    assert_eq!(bajaur.admin2.as_deref(), Some("Bajaur"));
    assert_eq!(bajaur.admin3.as_deref(), Some("Khar Bajaur"));
    assert_eq!(bajaur.location.as_deref(), Some("Khar"));
    let point = bajaur.coordinates.unwrap();
    assert!((point.lat - 34.7256).abs() < 1e-9 && (point.lon - 71.5224).abs() < 1e-9);
    assert_eq!(bajaur.geo_precision, Some(GeoPrecision::Place));
    assert_eq!(bajaur.fatalities.and_then(|f| f.best), Some(63));
    assert_eq!(bajaur.event_type.as_deref(), Some("Explosions/Remote violence"));
    assert_eq!(bajaur.sub_event_type.as_deref(), Some("Suicide bomb"));
    assert_eq!(bajaur.source.as_deref(), Some("Dawn; Reuters"));
    assert!(bajaur.quote.as_deref().unwrap().contains("\"apostates\""), "quoted CSV text is unescaped");

    let actors: Vec<_> = bajaur.actors.iter().map(|a| (a.role, a.name.as_str(), a.actor_type.as_deref())).collect();
    assert_eq!(
        actors,
        [
            (ActorRole::Actor1, "Islamic State (Khorasan Province)", Some("Rebel group")),
            (ActorRole::Actor2, "Civilians (Pakistan)", Some("Civilians")),
            (ActorRole::Associated2, "JUI-F: Jamiat Ulema-e-Islam (Fazl)", None),
            (ActorRole::Associated2, "Muslim Group (Pakistan)", None),
        ]
    );
}

#[test]
fn acled_time_precision_maps_to_day_week_and_month() {
    let (_, rows, _) = read_all("acled_current.csv");
    // 1: the reported day.
    let kabul = by_id(&rows, "AFG51234");
    assert_eq!((kabul.date, kabul.date_approximate, kabul.date_code), (day(2021, 8, 26), false, Some(1)));
    // 2: sometime that week, coded to its middle: the day is kept, marked approximate.
    let kunar = by_id(&rows, "AFG60412");
    assert_eq!((kunar.date, kunar.date_approximate, kunar.date_code), (day(2023, 3, 15), true, Some(2)));
    assert_eq!(kunar.geo_precision, Some(GeoPrecision::NearPlace));
    // 3: sometime that month, coded to its midpoint: only the month is kept.
    let waziristan = by_id(&rows, "PAK91877");
    assert_eq!(waziristan.date, PartialDate::month(2022, 6).unwrap());
    assert_eq!(waziristan.date.precision(), DatePrecision::Month);
    assert!(!waziristan.date_approximate);
    assert_eq!(waziristan.geo_precision, Some(GeoPrecision::Region));
    // Another week-precision row and another month-precision one, coded to a
    // larger region (geo_precision 3).
    let raid = by_id(&rows, "AFG61144");
    assert_eq!((raid.date, raid.date_approximate, raid.date_code), (day(2023, 3, 1), true, Some(2)));
    let panjshir = by_id(&rows, "AFG58012");
    assert_eq!((panjshir.date, panjshir.date_code), (PartialDate::month(2022, 5).unwrap(), Some(3)));
    assert_eq!((panjshir.geo_code, panjshir.geo_precision), (Some(3), Some(GeoPrecision::Region)));
    assert_eq!(panjshir.fatalities.and_then(|f| f.best), Some(0), "no verified figure is coded 0");
}

#[test]
fn acled_current_rows_carry_their_variety() {
    let (_, rows, _) = read_all("acled_current.csv");
    // A protest: no actor 2, no fatalities, several associated actors.
    let sit_in = by_id(&rows, "PAK93050");
    let actors: Vec<_> = sit_in.actors.iter().map(|a| (a.role, a.name.as_str())).collect();
    assert_eq!(
        actors,
        [
            (ActorRole::Actor1, "Protesters (Pakistan)"),
            (ActorRole::Associated1, "Hazara Ethnic Group (Pakistan)"),
            (ActorRole::Associated1, "Shia Muslim Group (Pakistan)"),
            (ActorRole::Associated1, "MWM: Majlis Wahdat-e-Muslimeen"),
        ]
    );
    assert_eq!(sit_in.event_type.as_deref(), Some("Protests"));
    assert_eq!(sit_in.fatalities.and_then(|f| f.best), Some(0));
    // Non-ASCII place names are kept as written.
    let bamyan = by_id(&rows, "AFG65520");
    assert_eq!(bamyan.location.as_deref(), Some("Bāmyān"));
    assert!(bamyan.quote.as_deref().unwrap().contains("Bāmyān city"));
    // Notes with commas and quotes inside a quoted field; the actor type of a
    // force acting abroad.
    let chaman = by_id(&rows, "PAK88410");
    assert_eq!(chaman.actors[0].actor_type.as_deref(), Some("External/Other forces"));
    assert_eq!((chaman.admin2.as_deref(), chaman.admin3.as_deref()), (Some("Killa Abdullah"), Some("Chaman")));
    let prophet = by_id(&rows, "PAK96377");
    assert!(prophet.quote.as_deref().unwrap().contains("the Prophet's birthday (Eid Milad-un-Nabi)"));
    // A 2025 row and the largest toll among the new rows.
    let train = by_id(&rows, "PAK101102");
    assert_eq!((train.date, train.fatalities.and_then(|f| f.best)), (day(2025, 3, 11), Some(59)));
    assert_eq!(train.sub_event_type.as_deref(), Some("Abduction/forced disappearance"));
    // Namesakes abroad: Iran's Saravan, Russia's Krasnogorsk.
    assert_eq!(by_id(&rows, "IRN33430").iso_numeric, Some(364));
    assert_eq!(by_id(&rows, "RUS33871").iso_numeric, Some(643));
    let countries: std::collections::BTreeSet<_> = rows.iter().filter_map(|r| r.country.as_deref()).collect();
    assert_eq!(countries.into_iter().collect::<Vec<_>>(), ["Afghanistan", "Iran", "Pakistan", "Russia"]);
}

#[test]
fn acled_legacy_layout_maps_numeric_actor_types_and_export_dates() {
    let (layout, rows, errors) = read_all("acled_legacy.csv");
    assert_eq!(layout, Layout::AcledLegacy);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(rows.len(), 32);

    let kabul = by_id(&rows, "AFG51234");
    assert_eq!(kabul.date, day(2021, 8, 26), "`26 August 2021` as the export tool writes it");
    assert_eq!(kabul.iso_alpha3.as_deref(), Some("AFG"));
    assert_eq!(kabul.iso_numeric, Some(4));
    assert_eq!(kabul.actors[0].actor_type.as_deref(), Some("Rebel group"), "inter1 = 2");
    assert_eq!(kabul.actors[1].actor_type.as_deref(), Some("Civilians"), "inter2 = 7");

    let hospital = by_id(&rows, "AFG44102");
    assert_eq!(hospital.actors[0].actor_type.as_deref(), Some("Political militia"), "inter1 = 3");
    assert_eq!(hospital.fatalities.and_then(|f| f.best), Some(24));

    let kunduz = by_id(&rows, "AFG30117");
    assert_eq!(kunduz.date, PartialDate::month(2019, 10).unwrap());
    assert_eq!(kunduz.actors.len(), 1, "no actor 2, inter2 = 0");
    assert_eq!(kunduz.fatalities.and_then(|f| f.best), Some(0));

    // Numeric codes in every pairing: 1 (state forces) against 2 (rebels)…
    let jalalabad = by_id(&rows, "AFG30080");
    let types: Vec<_> = jalalabad.actors.iter().map(|a| a.actor_type.as_deref()).collect();
    assert_eq!(
        types,
        [Some("Rebel group"), Some("State forces"), None, None],
        "inter1 = 2, inter2 = 1, two associates"
    );
    assert_eq!(jalalabad.date, day(2020, 8, 2), "`2 August 2020`: a one-digit day");
    // …and a zero toll that is a real zero (nobody died).
    let malala = by_id(&rows, "PAK3451");
    assert_eq!((malala.date, malala.fatalities.and_then(|f| f.best)), (day(2012, 10, 9), Some(0)));
    assert_eq!(malala.iso_alpha3.as_deref(), Some("PAK"));
    // geo_precision 3: a province coded to its capital.
    let halo = by_id(&rows, "AFG43600");
    assert_eq!((halo.geo_code, halo.geo_precision), (Some(3), Some(GeoPrecision::Region)));
    // Tajikistan, under its own ISO codes.
    let border = by_id(&rows, "TJK302");
    assert_eq!((border.iso_numeric, border.iso_alpha3.as_deref()), (Some(762), Some("TJK")));
    assert_eq!(border.fatalities.and_then(|f| f.best), Some(17));
}

#[test]
fn the_oldest_acled_layout_reads_too() {
    // The 2016 header (see HEADERS.md) with an invented row.
    let text = "GWNO,EVENT_ID_CNTY,EVENT_ID_NO_CNTY,EVENT_DATE,YEAR,TIME_PRECISION,EVENT_TYPE,ACTOR1,ALLY_ACTOR_1,\
INTER1,ACTOR2,ALLY_ACTOR_2,INTER2,INTERACTION,COUNTRY,ADMIN1,ADMIN2,ADMIN3,LOCATION,LATITUDE,LONGITUDE,GEO_PRECISION,\
SOURCE,NOTES,FATALITIES\n\
700,1001AFG,1001,14/02/2010,2010,1,Battles-No change of territory,Taliban,,2,Military Forces of Afghanistan (2004-2014),\
NATO: North Atlantic Treaty Organization,1,12,Afghanistan,Helmand,Nad Ali,,Marjah,31.52,64.12,2,Invented Wire,\
Invented row: fighting went on around Marjah.,4\n";
    let rows: Vec<_> = open(Cursor::new(text)).unwrap().collect::<Result<_, _>>().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].date, day(2010, 2, 14), "day first: 14/02/2010");
    let actors: Vec<_> = rows[0].actors.iter().map(|a| (a.role, a.actor_type.as_deref())).collect();
    assert_eq!(
        actors,
        [
            (ActorRole::Actor1, Some("Rebel group")),
            (ActorRole::Actor2, Some("State forces")),
            (ActorRole::Associated2, None)
        ]
    );
}

#[test]
fn ucdp_ged_with_header_keeps_low_best_high_and_date_ranges() {
    let (layout, rows, errors) = read_all("ucdp_ged.csv");
    assert_eq!(layout, Layout::UcdpGed);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(rows.len(), 34);

    let kabul = by_id(&rows, "412730");
    assert_eq!(kabul.kind, DatasetKind::UcdpGed);
    assert_eq!(kabul.date, day(2021, 8, 26), "`2021-08-26 00:00:00.000`");
    assert_eq!(kabul.date_end, None, "a one-day event has no range");
    let deaths = kabul.fatalities.unwrap();
    assert_eq!((deaths.low, deaths.best, deaths.high), (Some(170), Some(183), Some(185)));
    assert_eq!(kabul.event_type.as_deref(), Some("one-sided violence"));
    assert_eq!(kabul.location.as_deref(), Some("Kabul airport"));
    assert_eq!(kabul.admin1.as_deref(), Some("Kabul province"));
    assert_eq!(kabul.region.as_deref(), Some("Asia"));
    let sides: Vec<_> = kabul.actors.iter().map(|a| (a.role, a.name.as_str())).collect();
    assert_eq!(sides, [(ActorRole::SideA, "IS"), (ActorRole::SideB, "Civilians")]);
    assert!(kabul.quote.as_deref().unwrap().starts_with("Kabul airport blasts"));
    assert!(kabul.source.as_deref().unwrap().starts_with("\"Agence France Presse,2021-08-27"));

    // date_prec 2: two to six days; the start day, approximate, and the end.
    let kunar = by_id(&rows, "470003");
    assert_eq!((kunar.date, kunar.date_end, kunar.date_approximate), (day(2023, 3, 13), Some(day(2023, 3, 16)), true));
    assert_eq!(kunar.geo_precision, Some(GeoPrecision::NearPlace));
    assert_eq!(kunar.event_type.as_deref(), Some("state-based conflict"));

    // date_prec 4: the month; start and end collapse to it.
    let waziristan = by_id(&rows, "455871");
    assert_eq!((waziristan.date, waziristan.date_end), (PartialDate::month(2022, 6).unwrap(), None));
    assert_eq!(waziristan.geo_precision, Some(GeoPrecision::Admin1));
    assert_eq!(waziristan.admin2, None, "empty adm_2");

    // date_prec 5: the year.
    let infighting = by_id(&rows, "455990");
    assert_eq!((infighting.date, infighting.date_end), (PartialDate::year(2022), None));
    assert_eq!(infighting.geo_precision, Some(GeoPrecision::Country));
    assert_eq!(infighting.event_type.as_deref(), Some("non-state conflict"));

    // Estimates that differ: a low official figure and a much higher one.
    let bank = by_id(&rows, "358340");
    let deaths = bank.fatalities.unwrap();
    assert_eq!((deaths.low, deaths.best, deaths.high), (Some(3), Some(21), Some(21)));
    let hospital = by_id(&rows, "237511");
    let deaths = hospital.fatalities.unwrap();
    assert_eq!((deaths.low, deaths.best, deaths.high), (Some(38), Some(49), Some(100)));
    let strike = by_id(&rows, "238102");
    let deaths = strike.fatalities.unwrap();
    assert_eq!((deaths.low, deaths.best, deaths.high, deaths.point()), (Some(36), Some(36), Some(94), Some(36)));
    // A two-day span across midnight (date_prec 2).
    let night = by_id(&rows, "366350");
    assert_eq!((night.date, night.date_end, night.date_approximate), (day(2024, 8, 25), Some(day(2024, 8, 26)), true));
    // where_prec 5: a point between two places, no adm_2.
    let daykundi = by_id(&rows, "367002");
    assert_eq!(
        (daykundi.geo_code, daykundi.geo_precision, daykundi.admin2.as_deref()),
        (Some(5), Some(GeoPrecision::Region), None)
    );
    // The event is placed where it happened, whoever the sides are.
    let panjgur = by_id(&rows, "356802");
    assert_eq!(panjgur.country.as_deref(), Some("Pakistan"));
    assert_eq!(panjgur.actors[0].name, "Government of Iran");
    // Non-ASCII names as written.
    assert_eq!(by_id(&rows, "362001").admin1.as_deref(), Some("Bāmyān province"));
    let violence: std::collections::BTreeMap<&str, usize> = rows.iter().fold(Default::default(), |mut m, r| {
        *m.entry(r.event_type.as_deref().unwrap()).or_default() += 1;
        m
    });
    assert_eq!(
        violence.into_iter().collect::<Vec<_>>(),
        [("non-state conflict", 1), ("one-sided violence", 20), ("state-based conflict", 13)]
    );
}

#[test]
fn headerless_ucdp_candidate_is_recognised_by_its_49_columns() {
    let (layout, rows, errors) = read_all("ucdp_candidate_noheader.csv");
    assert_eq!(layout, Layout::UcdpGedHeaderless);
    assert!(errors.is_empty(), "{errors:?}");
    let ids: Vec<_> = rows.iter().map(|r| (r.id.as_str(), r.line)).collect();
    assert_eq!(ids, [("502118", 1), ("498640", 2)], "the first line is data");
    let crocus = &rows[0];
    assert_eq!(crocus.date, day(2024, 3, 22));
    assert_eq!(crocus.country.as_deref(), Some("Russia (Soviet Union)"));
    let deaths = crocus.fatalities.unwrap();
    assert_eq!((deaths.low, deaths.best, deaths.high), (Some(139), Some(145), Some(145)));
    let kerman = &rows[1];
    assert_eq!(kerman.location.as_deref(), Some("Kerman town"));
    assert_eq!(kerman.fatalities.unwrap().point(), Some(95));
}

#[test]
fn gtd_zero_month_and_day_mean_unknown() {
    let (layout, rows, errors) = read_all("gtd.csv");
    assert_eq!(layout, Layout::Gtd);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(rows.len(), 31);

    let kabul = by_id(&rows, "202108260001");
    assert_eq!(kabul.date, day(2021, 8, 26));
    assert!(!kabul.date_approximate);
    assert_eq!(kabul.fatalities.and_then(|f| f.best), Some(183), "`183.0`");
    assert_eq!(kabul.claimed, Some(Claimed::Yes));
    assert_eq!(kabul.event_type.as_deref(), Some("Bombing/Explosion"));
    assert_eq!(kabul.target_type.as_deref(), Some("Private Citizens & Property"));
    assert_eq!(kabul.actors[0].name, "Khorasan Chapter of the Islamic State");
    assert_eq!(kabul.actors[0].role, ActorRole::Perpetrator);
    assert_eq!(kabul.geo_precision, Some(GeoPrecision::Place));
    assert_eq!((kabul.admin1.as_deref(), kabul.location.as_deref()), (Some("Kabul"), Some("Kabul")));
    assert!(kabul.quote.as_deref().unwrap().starts_with("08/26/2021: A suicide bomber"));
    assert!(kabul.source.is_some());

    // imonth = 0: only the year.
    let unknown = by_id(&rows, "197000000099");
    assert_eq!(unknown.date, PartialDate::year(1970));
    assert_eq!(unknown.date_text.as_deref(), Some("1970"));
    assert!(unknown.date_approximate);
    assert_eq!(unknown.fatalities, None, "empty nkill is unknown, not zero");
    assert_eq!(unknown.coordinates, None);
    assert_eq!(unknown.geo_precision, Some(GeoPrecision::Country));
    assert_eq!(unknown.claimed, Some(Claimed::Unknown));

    // iday = 0: the month.
    let checkpoint = by_id(&rows, "201406000017");
    assert_eq!(checkpoint.date, PartialDate::month(2014, 6).unwrap());
    assert_eq!(checkpoint.fatalities.and_then(|f| f.best), Some(3));
    assert_eq!(checkpoint.claimed, Some(Claimed::No));
    assert_eq!(checkpoint.geo_precision, Some(GeoPrecision::Admin2));
    let groups: Vec<_> = checkpoint.actors.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(groups, ["Tehrik-i-Taliban Pakistan (TTP)", "Unknown"], "gname2 too");

    // extended, with a resolution date.
    let kidnapping = by_id(&rows, "201902120004");
    assert_eq!((kidnapping.date, kidnapping.date_end), (day(2019, 2, 12), Some(day(2019, 3, 5))));
    assert_eq!(kidnapping.claimed, Some(Claimed::Unknown), "-9");
    assert_eq!(kidnapping.fatalities.and_then(|f| f.best), Some(0));

    // iday = 0 with GTD's own words for the date, and specificity 3.
    let elders = by_id(&rows, "201508000004");
    assert_eq!((elders.date, elders.date_text.as_deref()), (PartialDate::month(2015, 8).unwrap(), Some("August 2015")));
    assert!(elders.date_approximate);
    assert_eq!((elders.geo_code, elders.geo_precision), (Some(3), Some(GeoPrecision::Admin2)));
    // A hostage-taking that lasted more than three years.
    let professors = by_id(&rows, "201608070002");
    assert_eq!((professors.date, professors.date_end), (day(2016, 8, 7), Some(day(2019, 11, 19))));
    assert_eq!(professors.event_type.as_deref(), Some("Hostage Taking (Kidnapping)"));
    let groups: Vec<_> = professors.actors.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(groups, ["Taliban", "Haqqani Network"]);
    // `resolution` as a US-locale spreadsheet writes it (`8/3/2020`).
    let prison = by_id(&rows, "202008020001");
    assert_eq!((prison.date, prison.date_end), (day(2020, 8, 2), Some(day(2020, 8, 3))));
    // Two groups claimed the same attack.
    let hospital = by_id(&rows, "201608080001");
    let groups: Vec<_> = hospital.actors.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(groups, ["Jamaat-ul-Ahrar", "Khorasan Chapter of the Islamic State"]);
    // Conflicting tolls left blank: unknown, not zero.
    let kandahar = by_id(&rows, "202110150001");
    assert_eq!((kandahar.fatalities, kandahar.claimed), (None, Some(Claimed::Yes)));
    // specificity 4: the province only, the city unknown.
    let deminers = by_id(&rows, "202106080003");
    assert_eq!((deminers.geo_precision, deminers.location.as_deref()), (Some(GeoPrecision::Admin1), Some("Unknown")));
    // Every claim code, counted.
    let count = |c| rows.iter().filter(|r| r.claimed == Some(c)).count();
    assert_eq!((count(Claimed::Yes), count(Claimed::No), count(Claimed::Unknown)), (23, 5, 3));
    assert_eq!(rows.iter().filter(|r| r.country.as_deref() == Some("Tajikistan")).count(), 1);
}

/// The error and line of every bad row, in order.
fn reasons(errors: &[ImportError]) -> Vec<(u64, &RowError)> {
    errors
        .iter()
        .map(|e| match e {
            ImportError::Row { line, reason, .. } => (*line, reason),
            other => panic!("a fatal error among row errors: {other}"),
        })
        .collect()
}

#[test]
fn bad_acled_rows_are_reported_by_line_and_good_rows_still_come_through() {
    let (_, rows, errors) = read_all("acled_bad_rows.csv");
    let good: Vec<_> = rows.iter().map(|r| (r.id.as_str(), r.line)).collect();
    assert_eq!(
        good,
        [("AFG51234", 2), ("IRN27716", 4), ("PAK91877", 10)],
        "a quoted line break keeps line numbers true"
    );
    assert!(rows[1].quote.as_deref().unwrap().contains('\n'));

    let bad = reasons(&errors);
    assert_eq!(bad.len(), 5, "{errors:#?}");
    assert!(matches!(bad[0], (3, RowError::ImpossibleDate { column: "event_date", .. })), "{:?}", bad[0]);
    assert!(matches!(bad[1], (6, RowError::Negative { column: "fatalities", .. })), "{:?}", bad[1]);
    assert!(matches!(bad[2], (7, RowError::OutOfRange { column: "latitude", .. })), "{:?}", bad[2]);
    assert!(matches!(bad[3], (8, RowError::NotAYear { column: "year", .. })), "{:?}", bad[3]);
    assert!(matches!(bad[4], (9, RowError::FieldCount { expected: 31, found: 33 })), "{:?}", bad[4]);

    let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(messages[0], "line 3 (PAK98232): event_date \"2023-02-31\" does not exist in the calendar");
    assert_eq!(messages[1], "line 6 (AFG60413): fatalities \"-4\" is negative");
    assert_eq!(messages[2], "line 7 (AFG51235): latitude \"95.5\" is out of range (-90 to 90)");
    assert_eq!(messages[3], "line 8 (RUS33872): year \"2O24\" is not a year");
    assert!(messages[4].starts_with("line 9 (AFG60414): 33 fields where the header has 31"), "{}", messages[4]);
    assert!(errors.iter().all(|e| !e.is_fatal()));
}

#[test]
fn bad_gtd_rows_are_reported_and_the_rest_read() {
    let (_, rows, errors) = read_all("gtd_bad_rows.csv");
    assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), [3]);
    let bad = reasons(&errors);
    assert!(matches!(bad[0], (2, RowError::ImpossibleDate { column: "iyear/imonth/iday", .. })), "{:?}", bad[0]);
    assert!(matches!(bad[1], (4, RowError::Negative { column: "nkill", .. })), "{:?}", bad[1]);
    assert!(matches!(bad[2], (5, RowError::OutOfRange { column: "claimed", .. })), "{:?}", bad[2]);
    assert_eq!(
        errors[0].to_string(),
        "line 2 (202102310001): iyear/imonth/iday \"2021/2/31\" does not exist in the calendar"
    );
}

#[test]
fn an_unclosed_quote_costs_only_the_rows_after_it() {
    let (_, rows, errors) = read_all("acled_unclosed_quote.csv");
    assert_eq!(rows.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["PAK98231", "RUS33871"]);
    let bad = reasons(&errors);
    assert_eq!(bad.len(), 1);
    assert!(matches!(bad[0], (4, RowError::FieldCount { expected: 31, found: 28 })), "{:?}", bad[0]);
}

#[test]
fn a_wrong_header_is_a_fatal_error_naming_what_was_expected() {
    let Err(e) = open(fixture("wrong_header.csv")) else { panic!("a wrong header must not open") };
    assert!(e.is_fatal());
    let message = e.to_string();
    assert!(message.starts_with("unrecognised header (4 column(s): date, place, killed, source)"), "{message}");
    for expected in ["ACLED header (event_id_cnty", "GTD header (eventid, iyear", "UCDP GED header (id, relid"] {
        assert!(message.contains(expected), "{message}");
    }
}

#[test]
fn a_known_header_missing_a_column_is_a_fatal_error() {
    let Err(e) = open(fixture("acled_missing_column.csv")) else { panic!("a header without fatalities must not open") };
    match &e {
        ImportError::MissingColumns { layout, missing, .. } => {
            assert_eq!(*layout, Layout::AcledCurrent);
            assert_eq!(missing, &["fatalities"]);
        }
        other => panic!("{other}"),
    }
    assert!(e.to_string().starts_with(
        "ACLED (2023 layout) header lacks column(s) fatalities: expected the ACLED columns event_id_cnty, event_date,"
    ));
}

#[test]
fn empty_input_is_a_clear_error() {
    assert!(matches!(open(Cursor::new("")), Err(ImportError::Empty)));
    assert!(matches!(open(Cursor::new("\n\n")), Err(ImportError::Empty)));
}

#[test]
fn detect_tells_the_three_datasets_apart() {
    for (name, kind) in [
        ("acled_current.csv", DatasetKind::Acled),
        ("acled_legacy.csv", DatasetKind::Acled),
        ("gtd.csv", DatasetKind::Gtd),
        ("ucdp_ged.csv", DatasetKind::UcdpGed),
        ("ucdp_candidate_noheader.csv", DatasetKind::UcdpGed),
    ] {
        let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(fixture(name));
        let first = reader.records().next().unwrap().unwrap();
        assert_eq!(detect(&first), Some(kind), "{name}");
    }
    assert_eq!(detect(&csv::StringRecord::from(vec!["date", "place", "killed"])), None);
}

#[test]
fn a_runaway_record_stops_the_import_instead_of_filling_memory() {
    let mut input = format!("{}\nAFG1,\"", dossier_import::ACLED_HEADER.join(",")).into_bytes();
    input.resize(input.len() + (dossier_import::MAX_RECORD_BYTES as usize) + (1 << 20), b'x');
    let rows = open(Cursor::new(input)).unwrap();
    let results: Vec<_> = rows.collect();
    assert_eq!(results.len(), 1);
    let Err(e) = &results[0] else { panic!("expected an error") };
    assert!(matches!(e, ImportError::RecordTooLong { line: 2, .. }), "{e}");
    assert!(e.is_fatal());
}

#[test]
fn generated_rows_round_trip_without_error() {
    let mut bytes = Vec::new();
    generate_acled(10_000, 42, &mut bytes).unwrap();
    let rows = open(Cursor::new(bytes)).unwrap();
    assert_eq!(rows.layout(), Layout::AcledCurrent);
    let mut count = 0;
    let mut precisions = [0usize; 3];
    let mut countries = std::collections::BTreeSet::new();
    let mut iskp = 0;
    for row in rows {
        let row = row.unwrap_or_else(|e| panic!("{e}"));
        count += 1;
        precisions[row.date_code.unwrap() as usize - 1] += 1;
        countries.insert(row.country.clone().unwrap());
        iskp += usize::from(row.actors.iter().any(|a| a.name == "Islamic State (Khorasan Province)"));
        assert!(row.quote.is_some() && row.coordinates.is_some() && row.fatalities.is_some());
    }
    assert_eq!(count, 10_000);
    assert!(precisions.iter().all(|n| *n > 0), "all three time precisions: {precisions:?}");
    assert_eq!(countries.into_iter().collect::<Vec<_>>(), ["Afghanistan", "Pakistan"]);
    assert!(iskp > 1_000, "{iskp}");
}

/// Each fixture's rows through the linker: places to the gazetteer at the
/// right level and in the right country, names to the reviewed lexicon.
fn linked(name: &str) -> Vec<(String, dossier_model::DatasetEvent)> {
    let (_, rows, errors) = read_all(name);
    assert!(errors.is_empty(), "{errors:?}");
    let mut linker = dossier_import::link::Linker::default();
    rows.iter().map(|r| (r.id.clone(), linker.event(r))).collect()
}

fn event<'a>(events: &'a [(String, dossier_model::DatasetEvent)], id: &str) -> &'a dossier_model::DatasetEvent {
    events.iter().find(|(i, _)| i == id).map(|(_, e)| e).unwrap_or_else(|| panic!("no row {id}"))
}

/// `(name, kind, country, admin1)` of the place a row linked to.
fn place(e: &dossier_model::DatasetEvent) -> (&str, &str, &str, Option<&str>) {
    let p = e.place.as_ref().expect("linked to the gazetteer");
    (p.name.as_str(), p.kind.as_str(), p.country.as_str(), p.admin1.as_deref())
}

fn actor(e: &dossier_model::DatasetEvent) -> Option<&str> {
    e.actor.as_ref().and_then(|a| a.lexicon_id.as_deref())
}

#[test]
fn fixture_rows_link_to_the_gazetteer_and_the_lexicon() {
    let acled = linked("acled_current.csv");
    // Namesakes: Kerman in Iran (not the US town), Krasnogorsk near Moscow
    // (not Sakhalin), Fayzabad in Badakhshan (not India), Khar in Bajaur.
    assert_eq!(place(event(&acled, "IRN27715")), ("Kerman", "city", "IR", Some("IR-08")));
    assert_eq!(place(event(&acled, "RUS33871")), ("Krasnogorsk", "city", "RU", Some("RU-MOS")));
    assert_eq!(place(event(&acled, "AFG62900")), ("Fayzabad", "city", "AF", Some("AF-BDS")));
    assert_eq!(place(event(&acled, "PAK98231")), ("Khar", "city", "PK", Some("PK-KP")));
    // A written `Bāmyān` is the town; an unknown hamlet falls back to its province.
    assert_eq!(place(event(&acled, "AFG65520")).1, "city");
    assert_eq!(place(event(&acled, "AFG65520")).3, Some("AF-BAM"));
    assert_eq!(place(event(&acled, "PAK99701")), ("Balochistan", "admin1", "PK", Some("PK-BA")));
    // ACLED's actor names, wrapped or not.
    assert_eq!(actor(event(&acled, "PAK98231")), Some("iskp"));
    assert_eq!(actor(event(&acled, "PAK86600")), Some("ispp"), "Islamic State (Pakistan Province)");
    assert_eq!(actor(event(&acled, "PAK92410")), Some("ttp"), "TTP: Tehreek-i-Taliban Pakistan");
    assert_eq!(actor(event(&acled, "PAK100530")), Some("bla"), "BLA: Baloch Liberation Army");
    assert_eq!(actor(event(&acled, "PAK91002")), Some("jamaat-ul-ahrar"));
    assert_eq!(actor(event(&acled, "IRN33120")), Some("jaish-al-adl"));
    assert_eq!(actor(event(&acled, "PAK99150")), None, "an unidentified group stays unlinked");
    assert!(event(&acled, "PAK93050").actor2.is_none(), "no actor 2");

    let legacy = linked("acled_legacy.csv");
    assert_eq!(actor(event(&legacy, "PAK22918")), Some("bras"), "BRAS: Baloch Raaji Aajoi Sangar");
    assert_eq!(place(event(&legacy, "PAK14310")), ("Sehwan", "city", "PK", Some("PK-SD")));
    assert_eq!(place(event(&legacy, "PAK26002")), ("Mach", "city", "PK", Some("PK-BA")));

    let gtd = linked("gtd.csv");
    // GTD's name for ISKP is the same reviewed actor as ACLED's.
    assert_eq!(actor(event(&gtd, "201908170001")), Some("iskp"));
    assert_eq!(actor(event(&gtd, "201908170001")), actor(event(&acled, "AFG51234")));
    assert_eq!(actor(event(&gtd, "202104210001")), Some("ttp"), "Tehrik-i-Taliban Pakistan (TTP)");
    assert_eq!(actor(event(&gtd, "201811230001")), Some("bla"), "Baloch Liberation Army (BLA)");
    assert_eq!(actor(event(&gtd, "201807290001")), Some("islamic-state"), "ISIL");
    assert_eq!(actor(event(&gtd, "202005120002")), None, "Unknown");
    assert_eq!(place(event(&gtd, "201807290001")).2, "TJ", "Danghara, Tajikistan");
    assert_eq!(place(event(&gtd, "202106080003")), ("Baghlān", "admin1", "AF", Some("AF-BGL")));

    let ucdp = linked("ucdp_ged.csv");
    // UCDP's `Khar town` is the town; `IS` is the parent organisation.
    assert_eq!(place(event(&ucdp, "468112")), ("Khar", "city", "PK", Some("PK-KP")));
    assert_eq!(place(event(&ucdp, "201733")), ("Peshawar", "city", "PK", Some("PK-KP")));
    let is = event(&ucdp, "468112").actor.as_ref().unwrap();
    assert_eq!((is.name.as_str(), is.lexicon_id.as_deref()), ("IS", Some("islamic-state")));
    // The Kabul airport row stays at province level (see the CLI merge test).
    assert_eq!(place(event(&ucdp, "412730")).1, "admin1");
    // Iran's strike is placed in Pakistan, where it fell.
    assert_eq!(place(event(&ucdp, "356802")).2, "PK");
    assert_eq!(actor(event(&ucdp, "356802")), Some("iran-government"));
    let sides = event(&ucdp, "341110");
    assert_eq!(
        (actor(sides), sides.actor2.as_ref().and_then(|a| a.lexicon_id.as_deref())),
        (Some("pakistan-government"), Some("ttp"))
    );
}
