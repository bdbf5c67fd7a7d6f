//! Synthetic ACLED files for benchmarks and round-trip tests.
//!
//! The rows are invented but shaped like the real thing: the 2023 header,
//! Afghan and Pakistani provinces and towns, the actors that fight there,
//! all three time and geo precisions, notes with commas and quotes that
//! force CSV quoting. The same `(rows, seed)` always gives the same bytes.

use std::io::{self, Write};

use dossier_model::{MONTH_NAMES, PartialDate};

/// The ACLED header since March 2023 (see `HEADERS.md`).
pub const ACLED_HEADER: [&str; 31] = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
];

/// A place: admin1, admin2, location, latitude, longitude.
type Place = (&'static str, &'static str, &'static str, f64, f64);

struct Country {
    name: &'static str,
    iso3: &'static str,
    iso: u16,
    places: &'static [Place],
    /// Actors with their ACLED actor type.
    actors: &'static [(&'static str, &'static str)],
    civilians: &'static str,
    associates: &'static [&'static str],
}

const COUNTRIES: [Country; 2] = [
    Country {
        name: "Afghanistan",
        iso3: "AFG",
        iso: 4,
        places: &[
            ("Kabul", "Kabul", "Kabul", 34.5281, 69.1723),
            ("Nangarhar", "Jalalabad", "Jalalabad", 34.4342, 70.4478),
            ("Kunar", "Asadabad", "Asadabad", 34.8660, 71.1500),
            ("Kandahar", "Kandahar", "Kandahar", 31.6133, 65.7101),
            ("Herat", "Herat", "Herat", 34.3482, 62.1997),
            ("Balkh", "Mazar-e Sharif", "Mazar-e Sharif", 36.7090, 67.1109),
            ("Kunduz", "Kunduz", "Kunduz", 36.7286, 68.8681),
            ("Helmand", "Lashkar Gah", "Lashkar Gah", 31.5938, 64.3710),
        ],
        actors: &[
            ("Islamic State (Khorasan Province)", "Rebel group"),
            ("Military Forces of Afghanistan (2021-)", "State forces"),
            ("Police Forces of Afghanistan (2021-)", "State forces"),
            ("National Resistance Front", "Rebel group"),
            ("Unidentified Armed Group (Afghanistan)", "Political militia"),
        ],
        civilians: "Civilians (Afghanistan)",
        associates: &[
            "Hazara Ethnic Group (Afghanistan)",
            "Shia Muslim Group (Afghanistan)",
            "Health Workers (Afghanistan)",
        ],
    },
    Country {
        name: "Pakistan",
        iso3: "PAK",
        iso: 586,
        places: &[
            ("Khyber Pakhtunkhwa", "Bajaur", "Khar", 34.7256, 71.5224),
            ("Khyber Pakhtunkhwa", "Peshawar", "Peshawar", 34.0080, 71.5785),
            ("Khyber Pakhtunkhwa", "North Waziristan", "Miranshah", 33.0009, 70.0706),
            ("Balochistan", "Quetta", "Quetta", 30.1841, 67.0014),
            ("Sindh", "Karachi East", "Karachi", 24.8608, 67.0104),
            ("Punjab", "Lahore", "Lahore", 31.5497, 74.3436),
        ],
        actors: &[
            ("Islamic State (Khorasan Province)", "Rebel group"),
            ("TTP: Tehreek-i-Taliban Pakistan", "Rebel group"),
            ("Military Forces of Pakistan (2018-)", "State forces"),
            ("Police Forces of Pakistan (2018-)", "State forces"),
            ("BLA: Balochistan Liberation Army", "Rebel group"),
        ],
        civilians: "Civilians (Pakistan)",
        associates: &["JUI-F: Jamiat Ulema-e-Islam (Fazl)", "Labor Group (Pakistan)", "Students (Pakistan)"],
    },
];

const EVENTS: [(&str, &str, &str); 6] = [
    ("Explosions/Remote violence", "Suicide bomb", "a suicide bomber blew himself up"),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", "a roadside bomb went off"),
    ("Battles", "Armed clash", "gunmen clashed with security forces"),
    ("Violence against civilians", "Attack", "gunmen opened fire"),
    ("Explosions/Remote violence", "Air/drone strike", "a drone struck a compound"),
    ("Violence against civilians", "Abduction/forced disappearance", "armed men abducted travellers"),
];

const SOURCES: [(&str, &str); 6] = [
    ("Pajhwok Afghan News", "National"),
    ("Dawn", "National"),
    ("The Express Tribune", "National"),
    ("Khaama Press", "National"),
    ("Reuters", "International"),
    ("Dawn; Reuters", "National-International"),
];

/// Xorshift64*: a few lines, deterministic, plenty for test data.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        // Never zero (xorshift's fixed point); mix the seed a little.
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }

    /// True with probability `percent` / 100.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// Writes `rows` synthetic ACLED rows under the 2023 header to `out`.
///
/// Deterministic: the same `rows` and `seed` give the same bytes. Every
/// row reads back without error through [`crate::open`].
pub fn generate_acled(rows: usize, seed: u64, out: impl Write) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(ACLED_HEADER)?;
    let mut rng = Rng::new(seed);
    let mut fields: Vec<String> = Vec::with_capacity(ACLED_HEADER.len());
    for i in 0..rows {
        fields.clear();
        synthetic_row(&mut rng, i, &mut fields);
        writer.write_record(&fields)?;
    }
    writer.flush()
}

fn synthetic_row(rng: &mut Rng, i: usize, out: &mut Vec<String>) {
    let country = &COUNTRIES[rng.below(COUNTRIES.len())];
    let (admin1, admin2, location, lat, lon) = rng.pick(country.places).copied().unwrap_or(("", "", "", 0.0, 0.0));
    let (event_type, sub_event_type, what) = rng.pick(&EVENTS).copied().unwrap_or(("", "", ""));
    // Bombs and abductions are the armed groups'; strikes and clashes anyone's.
    let state_may_act = matches!(sub_event_type, "Armed clash" | "Air/drone strike");
    let (actor1, inter1) = loop {
        let actor = rng.pick(country.actors).copied().unwrap_or(("", ""));
        if state_may_act || actor.1 != "State forces" {
            break actor;
        }
    };
    let targets_civilians = event_type == "Violence against civilians" || rng.chance(30);
    let (actor2, inter2) = if targets_civilians {
        (country.civilians, "Civilians")
    } else if inter1 == "State forces" {
        ("Unidentified Armed Group", "Political militia")
    } else {
        rng.pick(country.actors).copied().unwrap_or(("", ""))
    };
    let actor2 = if actor2 == "Unidentified Armed Group" {
        format!("Unidentified Armed Group ({})", country.name)
    } else {
        actor2.to_string()
    };
    let assoc1 = if rng.chance(20) { rng.pick(country.associates).copied().unwrap_or("") } else { "" };
    let assoc2 = if targets_civilians && rng.chance(30) {
        format!("{}; {}", country.associates.first().unwrap_or(&""), country.associates.last().unwrap_or(&""))
    } else {
        String::new()
    };

    let year = 2021 + rng.below(4) as i32;
    let month = 1 + rng.below(12) as u8;
    let last_day = (28..=31).rev().find(|d| PartialDate::day(year, month, *d).is_some()).unwrap_or(28);
    let day = 1 + rng.below(usize::from(last_day)) as u8;
    let time_precision = match rng.below(100) {
        0..=79 => 1,
        80..=94 => 2,
        _ => 3,
    };
    let geo_precision = match rng.below(100) {
        0..=69 => 1,
        70..=94 => 2,
        _ => 3,
    };
    let fatalities = match rng.below(100) {
        0..=39 => 0,
        40..=89 => 1 + rng.below(5),
        _ => 5 + rng.below(60),
    };
    let jitter = |rng: &mut Rng| (rng.below(1001) as f64 - 500.0) / 10_000.0;
    let (source, scale) = rng.pick(&SOURCES).copied().unwrap_or(("", ""));
    let month_name = MONTH_NAMES.get(usize::from(month) - 1).map(|m| capitalise(m)).unwrap_or_default();
    let toll = match fatalities {
        0 => "No fatalities were reported.".to_string(),
        1 => "One person was killed.".to_string(),
        n => format!("{n} people were killed, according to local officials."),
    };
    let claim = if actor1.starts_with("Islamic State") && rng.chance(50) {
        " IS-K claimed the attack on its Amaq channel, calling it \"revenge\"."
    } else {
        ""
    };
    let notes = format!("On {day} {month_name} {year}, {what} in {location} ({admin2}, {admin1}). {toll}{claim}");
    let interaction = if actor2.is_empty() { format!("{inter1} only") } else { format!("{inter1}-{inter2}") };

    out.extend([
        format!("{}{}", country.iso3, 10_000 + i),
        format!("{year}-{month:02}-{day:02}"),
        year.to_string(),
        time_precision.to_string(),
        "Political violence".to_string(),
        event_type.to_string(),
        sub_event_type.to_string(),
        actor1.to_string(),
        assoc1.to_string(),
        inter1.to_string(),
        actor2,
        assoc2,
        inter2.to_string(),
        interaction,
        if inter2 == "Civilians" { "Civilians targeted".to_string() } else { String::new() },
        country.iso.to_string(),
        "South Asia".to_string(),
        country.name.to_string(),
        admin1.to_string(),
        admin2.to_string(),
        String::new(),
        location.to_string(),
        format!("{:.4}", lat + jitter(rng)),
        format!("{:.4}", lon + jitter(rng)),
        geo_precision.to_string(),
        source.to_string(),
        scale.to_string(),
        notes,
        fatalities.to_string(),
        if sub_event_type == "Suicide bomb" { "suicide bomb".to_string() } else { String::new() },
        (1_690_000_000 + i as u64).to_string(),
    ]);
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_bytes() {
        let (mut a, mut b, mut c) = (Vec::new(), Vec::new(), Vec::new());
        generate_acled(200, 7, &mut a).unwrap();
        generate_acled(200, 7, &mut b).unwrap();
        generate_acled(200, 8, &mut c).unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert!(String::from_utf8(a).unwrap().starts_with("event_id_cnty,event_date,year,time_precision,"));
    }
}
