//! Extraction on short texts written for each rule, none of them from the
//! development corpus: one line per case, rendered compactly.

use std::path::Path;

use dossier_extract::output::{CharOffsets, to_json};
use serde_json::Value;

fn extract(text: &str) -> Value {
    extract_with(text, false)
}

/// The output, with `--explain`'s additions (every mention's span) when `explain`.
fn extract_with(text: &str, explain: bool) -> Value {
    let doc = dossier_read::read_bytes(Path::new("case.txt"), text.as_bytes()).expect("reads");
    let seg = dossier_segment::segment(&doc);
    let x = dossier_extract::extract(&doc, &seg);
    to_json("case.txt", &CharOffsets::new(&doc, Some(text)), &x, explain)
}

/// `date | location (admin1, country) | min-max | perpetrator | claimed` per event.
fn events(text: &str) -> Vec<String> {
    let v = extract(text);
    v["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap_or("-").to_string();
            let toll = format!("{}-{}", e["fatalities"]["min"], e["fatalities"]["max"]);
            format!(
                "{} | {} ({}, {}) | {} | {} | {}",
                s("date"),
                s("location"),
                s("admin1"),
                s("country"),
                toll,
                s("perpetrator"),
                e["claimed"]
            )
        })
        .collect()
}

/// `subject predicate value` per fact.
fn facts(text: &str) -> Vec<String> {
    let v = extract(text);
    v["facts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let value =
                if f["object"].is_null() { f["value"].to_string() } else { f["object"].as_str().unwrap().to_string() };
            format!("{} {} {}", f["subject"].as_str().unwrap(), f["predicate"].as_str().unwrap(), value)
        })
        .collect()
}

fn actors(text: &str) -> Vec<String> {
    let v = extract(text);
    v["actors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let m: Vec<&str> = a["mentions"].as_array().unwrap().iter().map(|m| m.as_str().unwrap()).collect();
            format!("{} [{}] {}", a["canonical"].as_str().unwrap(), a["kind"].as_str().unwrap(), m.join("|"))
        })
        .collect()
}

#[test]
fn a_dated_attack_with_place_toll_and_perpetrator() {
    assert_eq!(
        events(
            "On 14 October 2017, al-Shabaab detonated a truck bomb in Mogadishu. The bombing killed at least 587 people."
        ),
        ["2017-10-14 | Mogadishu (Banaadir, SO) | 587-null | al-Shabaab | false"],
        "the second sentence's definite 'the bombing' tells the toll of the first's incident"
    );
    assert_eq!(
        events("Al-Shabaab attacked the Westgate mall in Nairobi, Kenya, on 21 September 2013, killing 67 people."),
        ["2013-09-21 | Nairobi (Nairobi City, KE) | 67-67 | Al-Shabaab | false"]
    );
}

#[test]
fn a_list_of_attacks_becomes_one_event_each() {
    let text = "Its notable attacks include the Garissa University College attack in April 2015 that killed 148 people, \
                a truck bombing in October 2017 that killed at least 587 in Mogadishu, and a raid in January 2019 that killed 21 in Nairobi.";
    let got = events(&format!("Al-Shabaab is an armed group. {text}"));
    assert_eq!(got.len(), 3, "{got:#?}");
    assert!(got[0].starts_with("2015-04 | Garissa"), "{got:#?}");
    assert!(got[1].starts_with("2017-10 | Mogadishu") && got[1].contains("587-null"), "{got:#?}");
    assert!(got[2].starts_with("2019-01 | Nairobi") && got[2].contains("21-21"), "{got:#?}");
    assert!(got.iter().all(|e| e.contains("| Al-Shabaab |")), "the list's 'its' is the group: {got:#?}");
}

#[test]
fn respectively_pairs_dates_with_places() {
    let got = events("In June and July 2021, respectively, the Taliban attacked the cities of Kunduz and Herat.");
    assert_eq!(got.len(), 2, "{got:#?}");
    assert!(got[0].starts_with("2021-06 | Kunduz") && got[1].starts_with("2021-07 | Herat"), "{got:#?}");
}

#[test]
fn counts_of_attacks_are_facts_not_events() {
    let text = "The Baloch Liberation Army (BLA) claimed 150 attacks between 2020 and 2022.";
    assert!(events(text).is_empty());
    assert_eq!(facts(text), ["Baloch Liberation Army attack_count 150"]);
}

#[test]
fn a_claim_in_the_next_sentence_joins_the_incident() {
    let v = extract(
        "A suicide bomber killed at least 59 people at a mosque in Mastung, Balochistan, on 29 September 2023. \
         The Islamic State said it was responsible for the attack.",
    );
    let e = &v["events"][0];
    assert_eq!(e["date"], "2023-09-29");
    assert_eq!(e["location"], "Mastung");
    assert_eq!(e["fatalities"]["min"], 59);
    assert_eq!(e["claimed"], true);
    assert_eq!(v["events"].as_array().unwrap().len(), 1);
}

#[test]
fn wounded_and_attackers_are_not_victims() {
    let got =
        events("On 2 March 2024, militants attacked a checkpoint in Bannu, killing 7 soldiers and wounding 12 others.");
    assert_eq!(got.len(), 1);
    assert!(got[0].contains("| 7-7 |"), "{got:#?}");
}

#[test]
fn hypotheses_and_aggregates_are_not_incidents() {
    assert!(events("The group could carry out attacks in Karachi in 2025.").is_empty());
    assert!(events("The number of attacks in Balochistan rose in 2024.").is_empty());
}

#[test]
fn aliases_taught_by_the_text() {
    let got = actors(
        "The Baloch Liberation Front (BLF) and the Jeeyand Baloch Liberation Army (JBLA) are active. BLF claimed it.",
    );
    assert!(
        got.iter().any(|a| a.starts_with("Baloch Liberation Front [armed_group]") && a.contains("BLF")),
        "{got:#?}"
    );
    assert!(got.iter().any(|a| a.contains("JBLA")), "{got:#?}");
    // A place glossed with its abbreviation is not an actor.
    let got = actors("Khyber Pakhtunkhwa (KP) saw fighting. Attacks in KP rose.");
    assert!(got.iter().all(|a| !a.contains("KP")), "{got:#?}");
}

/// Names a text teaches by description or by "also known as" are that
/// actor wherever they recur, and a claim after the trigger names who did it.
#[test]
fn names_taught_by_known_as_recur_and_claim() {
    let text = "A rival faction known as Lashkar-e-Zil Harkat emerged in 2019. In 2021 gunmen killed six guards \
                in Quetta; Lashkar-e-Zil Harkat claimed responsibility.";
    let v = extract_with(text, true);
    let spans = |canonical: &str| -> usize {
        v["actors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["canonical"] == canonical)
            .map_or(0, |a| a["spans"].as_array().unwrap().len())
    };
    assert_eq!(spans("Lashkar-e-Zil Harkat"), 2, "{v:#}");
    assert_eq!(events(text), ["2021 | Quetta (Balochistan, PK) | 6-6 | Lashkar-e-Zil Harkat | true"]);

    // An unknown name glossed with its acronym: one group, both names.
    let text = "The Tehrik-e-Azadi Sindh, also known as TAS, is a separatist group. In May 2020 a blast killed \
                three soldiers in Karachi. TAS claimed the attack.";
    let got = actors(text);
    assert!(got.contains(&"Tehrik-e-Azadi Sindh [armed_group] Tehrik-e-Azadi Sindh|TAS".to_string()), "{got:#?}");
    assert_eq!(events(text), ["2020-05 | Karachi (Sindh, PK) | 3-3 | Tehrik-e-Azadi Sindh | true"]);
    // Not when the acronym abbreviates something else, nor a denied claim.
    let got = actors("The Tehrik-e-Azadi Sindh, also known as BLA, is a group.");
    assert!(!got.iter().any(|a| a.contains("Tehrik-e-Azadi Sindh")), "{got:#?}");
    let got =
        events("In 2021 gunmen killed six guards in Quetta; the Baloch Liberation Army denied it had claimed it.");
    assert_eq!(got, ["2021 | Quetta (Balochistan, PK) | 6-6 | - | false"]);
}

/// Founders listed together, more area cues, a state that says it struck,
/// a demonym's strike, a locality the gazetteer lacks placed by the
/// province after it, a person killed and named by surname later.
#[test]
fn founders_areas_states_localities_and_surnames() {
    let text = "The Sindhudesh Revolutionary Army (SRA) was founded in 2010 by Asghar Shah and Rahim Bux. \
                In 2012 the group had bases in Sanghar and carried out incursions into Thatta district.";
    let got = facts(text);
    for want in [
        "Sindhudesh Revolutionary Army leader Asghar Shah",
        "Sindhudesh Revolutionary Army leader Rahim Bux",
        "Sindhudesh Revolutionary Army active_in Sanghar",
        "Sindhudesh Revolutionary Army active_in Thatta district",
    ] {
        assert!(got.iter().any(|f| f == want), "{want}: {got:#?}");
    }
    let got = events(
        "In June 2020 the Pakistani army said it had struck SRA hideouts near Larkana, killing four people. \
         In May 2021 an Indian air strike killed three people near Kotli.",
    );
    assert_eq!(
        got,
        [
            "2020-06 | Larkana (Sindh, PK) | 4-4 | Pakistani army | false",
            "2021-05 | Kotli (Azad Jammu and Kashmir, PK) | 3-3 | Indian | false"
        ]
    );
    // "Dargotai" is in no gazetteer: the province after it places it.
    let got = events("On 3 March 2022 a roadside bomb killed five police officers in Dargotai, Kunar province.");
    assert_eq!(got, ["2022-03-03 | Dargotai (Kunaṟ, AF) | 5-5 | - | false"]);
    let text = "Its deputy leader Rafiq Zamanzai led the attack. In 2016 Zamanzai was reportedly killed in a drone \
                strike in Khost.";
    assert_eq!(events(text), ["2016 | Khost (Khōst, AF) | 1-null | - | false"]);
    assert!(actors(text).iter().any(|a| a == "Rafiq Zamanzai [person] Rafiq Zamanzai|Zamanzai"), "{:#?}", actors(text));
    // A name with an apostrophe glossed with its acronym.
    let got = actors("The movement calls itself Jama'at Nusrat al-Haqq (JNH). JNH fighters raided a market.");
    assert!(got.iter().any(|a| a.contains("Jama'at Nusrat al-Haqq") && a.contains("JNH")), "{got:#?}");
}

/// A leader named after a copula or a "whose", a group set up by former
/// members of another, and a toll in the clause a "when" clause hangs on.
#[test]
fn copular_leaders_former_members_and_tolls_before_when() {
    let text = "The Balochistan Freedom Front (BFF) emerged in 2014. It was created by former members of the \
                Baloch Republican Army (BRA), whose chief, Hassan Marri, was arrested in 2016. Its leader is \
                Karim Jatoi.";
    let got = facts(text);
    for want in [
        "Balochistan Freedom Front split_from Baloch Republican Army",
        "Baloch Republican Army leader Hassan Marri",
        "Balochistan Freedom Front leader Karim Jatoi",
    ] {
        assert!(got.iter().any(|f| f == want), "{want}: {got:#?}");
    }
    assert!(!got.iter().any(|f| f == "Balochistan Freedom Front leader Hassan Marri"), "{got:#?}");
    assert_eq!(
        events(
            "On 4 May 2022 the ministry said that 12 border guards had been killed when gunmen stormed a checkpoint in Zahedan."
        ),
        ["2022-05-04 | Zahedan (Sīstān va Balūchestān, IR) | 12-12 | - | false"]
    );
}

/// Allies by "worked closely with" and "fight alongside", membership by
/// "part of X", and a chronology line dated by its entry.
#[test]
fn allies_membership_and_dated_entries() {
    let text = "The Sindhudesh Revolutionary Army (SRA) emerged in 2010. For years the SRA worked closely with the \
                Baloch Liberation Army (BLA). In 2016 its commander announced that the SRA was now part of the \
                Baloch Raji Aajoi Sangar (BRAS). Its fighters still fight alongside the BLA.";
    let got = facts(text);
    for want in [
        "Sindhudesh Revolutionary Army ally Baloch Liberation Army",
        "Sindhudesh Revolutionary Army part_of Baloch Raji Aajoi Sangar",
    ] {
        assert!(got.iter().any(|f| f == want), "{want}: {got:#?}");
    }
    let got = facts(
        "The Sindhudesh Revolutionary Army (SRA) emerged in 2010. Its fighters fight alongside the Baloch \
                     Liberation Army (BLA) in Sindh.",
    );
    assert!(got.iter().any(|f| f == "Sindhudesh Revolutionary Army ally Baloch Liberation Army"), "{got:#?}");
    // A possessive names the parent ("X's regional branch"), unless the tie is past.
    let got = facts(
        "The Sindh Liberation Army (SLA) emerged in 2015 and is now the Baloch Liberation Army's \
                     Sindhi branch.",
    );
    assert!(got.iter().any(|f| f == "Sindh Liberation Army part_of Baloch Liberation Army"), "{got:#?}");
    let got = facts(
        "The Sindh Liberation Army (SLA), formerly the Baloch Liberation Army's Sindhi branch, \
                     emerged in 2015.",
    );
    assert!(!got.iter().any(|f| f.contains("part_of")), "{got:#?}");
    let got = facts("2009 – The Sindh Liberation Army (SLA) is formed. Qadir Soomro becomes its leader.");
    assert!(got.iter().any(|f| f == "Sindh Liberation Army leader Qadir Soomro"), "{got:#?}");
    // A chronology's present tense, and a perpetrator the next sentence attributes.
    let got = events(
        "4 May 2012 – A bomb at a bus depot in Sukkur kills nine passengers. Police attribute it to the Sindh \
         Liberation Army (SLA).",
    );
    assert_eq!(got, ["2012-05-04 | Sukkur (Sindh, PK) | 9-9 | Sindh Liberation Army | false"]);
    let got = events("9 June 2013 – 12 workers die in an attack on a rail line near Dadu.");
    assert_eq!(got, ["2013-06-09 | Dadu (Sindh, PK) | 12-12 | - | false"]);
    // "as part of" tells what an act belonged to.
    let got = facts("In 2019 the BLA attacked a convoy as part of the Baloch Raji Aajoi Sangar (BRAS) campaign.");
    assert!(!got.iter().any(|f| f.contains("part_of")), "{got:#?}");
    let got = facts("2004 – The Sindhudesh Liberation Front (SLF) is formed in Hyderabad by former students.");
    assert!(got.iter().any(|f| f == "Sindhudesh Liberation Front founded \"2004\""), "{got:#?}");
}

/// In a text with no date of its own, a day without a year takes the year
/// of the last full date before it.
#[test]
fn yearless_days_take_the_narratives_year() {
    let text = "On 2 March 2021 gunmen killed three guards in Quetta. On 5 March a roadside bomb killed two \
                soldiers in Turbat.";
    let got = events(text);
    assert_eq!(got.len(), 2, "{got:#?}");
    assert!(got[1].starts_with("2021-03-05 | Turbat"), "{got:#?}");
    // Before any full date, a yearless day stays undated.
    let got = events("On 5 March a roadside bomb killed two soldiers in Turbat.");
    assert!(!got.is_empty() && got.iter().all(|e| e.starts_with("- |")), "{got:#?}");
}

#[test]
fn people_need_a_role_to_be_actors() {
    let got = actors("Its leader Noor Wali Mehsud spoke. Analyst Jane Smith disagreed.");
    assert!(got.iter().any(|a| a.starts_with("Noor Wali Mehsud [person]")), "{got:#?}");
    assert!(!got.iter().any(|a| a.contains("Jane Smith")), "{got:#?}");
}

#[test]
fn facts_of_a_group() {
    let text = "The Tehrik-i-Taliban Pakistan (TTP) was formed in 2007. It is estimated that the TTP has between 6,000 and 6,500 fighters. \
                It operates mainly in Khyber Pakhtunkhwa and Balochistan. The group follows a Deobandi ideology. \
                Jamaat-ul-Ahrar split from the TTP in 2014.";
    let got = facts(text);
    for want in [
        "Tehrik-i-Taliban Pakistan founded \"2007\"",
        "Tehrik-i-Taliban Pakistan size_estimate {\"max\":6500,\"min\":6000}",
        "Tehrik-i-Taliban Pakistan active_in Khyber Pakhtunkhwa",
        "Tehrik-i-Taliban Pakistan active_in Balochistan",
        "Tehrik-i-Taliban Pakistan ideology \"Deobandi\"",
        "Jamaat-ul-Ahrar split_from Tehrik-i-Taliban Pakistan",
    ] {
        assert!(got.iter().any(|g| g == want), "missing {want}: {got:#?}");
    }
}

#[test]
fn a_flattened_infobox_is_read_line_by_line() {
    let text = "Jamaat Example Front\n\nJamaat Example Front\nFounded1998\nLeadersAbdul Example Khan (2001–present)\nHeadquartersQuetta, Pakistan\n\
                Part ofal-Qaeda\nOpponentsPakistan Army\nIran\nSize2,000–3,000\nBattles and warsSome War\n\n\
                The Jamaat Example Front is an armed group.";
    let got = facts(text);
    for want in [
        "Jamaat Example Front founded \"1998\"",
        "Jamaat Example Front leader Abdul Example Khan",
        "Jamaat Example Front headquarters Quetta",
        "Jamaat Example Front part_of al-Qaeda",
        "Jamaat Example Front opponent Iran",
        "Jamaat Example Front size_estimate {\"max\":3000,\"min\":2000}",
    ] {
        assert!(got.iter().any(|g| g == want), "missing {want}: {got:#?}");
    }
    assert!(!got.iter().any(|g| g.contains("Some War")), "{got:#?}");
}

#[test]
fn a_dispatch_dates_its_incidents_by_its_dateline() {
    let text = "KARACHI, Pakistan, 20 March 2024 (Wire) – Police said on Wednesday that gunmen had attacked a bank.\n\n\
                Gunmen attacked a police station in Hyderabad on 12 March, killing three officers.";
    let got = events(text);
    assert_eq!(got.len(), 1, "{got:#?}");
    assert!(got[0].starts_with("2024-03-12 | Hyderabad"), "{got:#?}");
}

#[test]
fn a_wire_report_of_several_incidents() {
    let text = "QUETTA, Pakistan, 5 May 2024 (Wire) – Security officials reported a series of incidents across the province this week.\n\n\
                A roadside bomb killed five soldiers in Kech district on Saturday, officials said. The Baloch Liberation Front (BLF) claimed responsibility.\n\n\
                On 2 May, gunmen opened fire on a bus in Mastung, leaving 11 passengers dead and 6 injured.\n\n\
                A car bomb exploded outside a market in Peshawar on 28 April, killing at least 16 people. No group claimed the blast.\n\n\
                Militants stormed a police post in Dera Ismail Khan on 25 April 2024; three policemen and two attackers were killed.";
    assert_eq!(
        events(text),
        [
            "2024-05-04 | Kech district (Balochistan, PK) | 5-5 | Baloch Liberation Front | true",
            "2024-05-02 | Mastung (Balochistan, PK) | 11-11 | - | false",
            "2024-04-28 | Peshawar (Khyber Pakhtunkhwa, PK) | 16-null | - | false",
            "2024-04-25 | Dera Ismail Khan (Khyber Pakhtunkhwa, PK) | 3-3 | - | false",
        ]
    );
}

#[test]
fn an_encyclopedia_paragraph_about_another_region() {
    let text = "Kurdistan Workers' Party\n\n\
                The Kurdistan Workers' Party (PKK) is a Kurdish militant organisation founded in 1978 by Abdullah Öcalan. \
                It waged an insurgency against the Turkish state from 1984.\n\n\
                The PKK operates mainly in south-eastern Turkey and northern Iraq. Estimates of its strength range from 4,000 to 5,000 fighters. \
                Its affiliate, the Kurdistan Freedom Hawks (TAK), claimed the bombing in Ankara on 17 February 2016 that killed 29 people.";
    let got = facts(text);
    for want in [
        "Kurdistan Workers' Party founded \"1978\"",
        "Kurdistan Workers' Party leader Abdullah Öcalan",
        "Kurdistan Workers' Party opponent Turkish state",
        "Kurdistan Workers' Party active_in south-eastern Turkey",
        "Kurdistan Workers' Party active_in northern Iraq",
        "Kurdistan Workers' Party size_estimate {\"max\":5000,\"min\":4000}",
    ] {
        assert!(got.iter().any(|g| g == want), "missing {want}: {got:#?}");
    }
    assert_eq!(events(text), ["2016-02-17 | Ankara (Ankara, TR) | 29-29 | Kurdistan Freedom Hawks | true"]);
}

#[test]
fn a_monitoring_report_and_a_weekly_overview() {
    let text = "Hurras al-Din\n\n\
                86. Hurras al-Din (HAD) remained weakened following the loss of several senior leaders in 2023. The group is estimated \
                to have between 1,500 and 2,000 fighters, mostly in north-western Syria. Member States reported that its leader, Samir Hijazi, \
                was killed in an air strike in Idlib on 21 August 2023.\n\n\
                87. Jama'at Ansar al-Islam (JAI), an al-Qaida affiliate established in 2001, continues to operate in northern Iraq.\n\n\
                Weekly overview, 10–16 February 2024\n\n\
                In Nigeria, Islamic State West Africa Province (ISWAP) fighters attacked a military base in Borno state on 12 February, \
                killing at least 15 soldiers, according to local sources.";
    let got = facts(text);
    for want in [
        "Hurras al-Din leader Samir Hijazi",
        "Hurras al-Din size_estimate {\"max\":2000,\"min\":1500}",
        "Jama'at Ansar al-Islam founded \"2001\"",
        "Jama'at Ansar al-Islam part_of al-Qaida",
        "Jama'at Ansar al-Islam active_in northern Iraq",
    ] {
        assert!(got.iter().any(|g| g == want), "missing {want}: {got:#?}");
    }
    assert_eq!(
        events(text),
        [
            "2023-08-21 | Idlib (Idlib, SY) | 1-null | - | false",
            "2024-02-12 | Borno state (Borno, NG) | 15-null | Islamic State West Africa Province | false",
        ]
    );
}

/// Extraction of a Markdown file, through the Markdown reader.
fn events_md(text: &str) -> Vec<String> {
    let doc = dossier_read::read_bytes(Path::new("case.md"), text.as_bytes()).expect("reads");
    let seg = dossier_segment::segment(&doc);
    let x = dossier_extract::extract(&doc, &seg);
    let v = to_json("case.md", &CharOffsets::new(&doc, Some(text)), &x, false);
    v["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{} | {} | {} | {}",
                e["date"].as_str().unwrap_or("-"),
                e["location"].as_str().unwrap_or("-"),
                e["fatalities"]["min"],
                e["perpetrator"].as_str().unwrap_or("-")
            )
        })
        .collect()
}

#[test]
fn a_table_of_attacks_reads_its_columns() {
    let text = "# List of attacks attributed to the Islamic State in Afghanistan\n\n\
                | Date | Location | Killed | Description |\n|---|---|---|---|\n\
                | 8 May 2021 | Kabul | 90 | Bombing outside a girls' school |\n\
                | 8 October 2021 | Kunduz | 55 | Suicide bombing of a mosque |\n";
    assert_eq!(
        events_md(text),
        ["2021-05-08 | Kabul | 90 | Islamic State", "2021-10-08 | Kunduz | 55 | Islamic State"]
    );
}

#[test]
fn a_footnoted_profile_of_a_sectarian_group() {
    let text = "2.3. Lashkar-e-Jhangvi (LeJ)\n\n\
                Lashkar-e-Jhangvi (LeJ) is a Sunni sectarian militant group founded in 1996 as an offshoot of Sipah-e-Sahaba Pakistan (SSP).¹ \
                It has been responsible for numerous attacks on Shia and Hazara communities, particularly in Quetta and Karachi.² \
                Its founder, Riaz Basra, was killed in a police encounter in May 2002.³\n\n\
                In January 2013, LeJ claimed two bombings at a snooker hall in Quetta that killed at least 92 people, most of them Hazaras.⁴\n\n\
                - [1](#)\n\nMedia reports, [profile], n.d., [url](#)\n";
    let got = facts(text);
    for want in [
        "Lashkar-e-Jhangvi founded \"1996\"",
        "Lashkar-e-Jhangvi split_from Sipah-e-Sahaba Pakistan",
        "Lashkar-e-Jhangvi leader Riaz Basra",
        "Lashkar-e-Jhangvi active_in Quetta",
        "Lashkar-e-Jhangvi active_in Karachi",
    ] {
        assert!(got.iter().any(|g| g == want), "missing {want}: {got:#?}");
    }
    assert!(!got.iter().any(|g| g.contains("attack_count")), "two bombings with one toll are one incident: {got:#?}");
    let ev = events(text);
    assert!(ev.iter().any(|e| e.starts_with("2002-05 | -") && e.contains("| 1-null |")), "{ev:#?}");
    assert!(
        ev.iter().any(|e| e.starts_with("2013-01 | Quetta") && e.contains("| 92-null | Lashkar-e-Jhangvi |")),
        "{ev:#?}"
    );
}

#[test]
fn a_rights_report_with_unattributed_attacks_and_competing_tolls() {
    let text = "Afghanistan: Attacks on Hazaras\n\n\
                Since the Taliban takeover in August 2021, the Islamic State of Khorasan Province has carried out at least 13 attacks against Hazaras, \
                killing and injuring at least 700 people.\n\n\
                On April 19, 2022, two bombs exploded outside a high school in Dasht-e Barchi in Kabul, killing at least 6 students and wounding 20 others. \
                The Islamic State did not claim the attack.\n\n\
                On September 30, 2022, a suicide bomber attacked an education center in western Kabul, killing 53 people, most of them girls and young women. \
                The Taliban authorities said 25 had been killed.";
    assert_eq!(
        events(text),
        ["2022-04-19 | Kabul (Kābul, AF) | 6-null | - | false", "2022-09-30 | Kabul (Kābul, AF) | 25-53 | - | false"],
        "no group named, none claimed: no perpetrator; two figures for one toll give its range"
    );
    assert_eq!(facts(text), ["Islamic State of Khorasan Province attack_count 13"]);
}

#[test]
fn a_profile_with_a_translated_name_a_claim_and_a_state_strike() {
    let text = "Jaish-e-Mohammed\n\n\
                Jaish-e-Mohammed (JeM), meaning \"Army of Muhammad\", is a Pakistan-based militant group active in Jammu and Kashmir. \
                It was founded in 2000 by Masood Azhar.\n\n\
                On 14 February 2019, a suicide bomber rammed a car laden with explosives into a convoy of the Central Reserve Police Force (CRPF) in Pulwama, \
                killing 40 CRPF personnel. JeM claimed responsibility for the attack. \
                India carried out air strikes on a JeM training camp in Balakot on 26 February 2019.";
    let got = actors(text);
    assert!(
        got.iter().any(|a| a.starts_with("Jaish-e-Mohammed [armed_group]") && a.contains("Army of Muhammad")),
        "{got:#?}"
    );
    assert_eq!(
        events(text),
        [
            "2019-02-14 | Pulwama (Jammu and Kashmīr, IN) | 40-40 | Jaish-e-Mohammed | true",
            "2019-02-26 | Balakot (Khyber Pakhtunkhwa, PK) | null-null | India | false",
        ]
    );
}

#[test]
fn a_timeline_of_dated_list_items() {
    let text = "# Timeline of attacks in Balochistan, 2024\n\n\
                - 30 January 2024: Militants attacked security installations in Mach, killing four security personnel and two civilians. The Baloch Liberation Army claimed the attack.\n\
                - 26 August 2024: Coordinated attacks across the province killed at least 39 people, including 14 security personnel.\n\
                - 9 November 2024: A suicide bombing at the Quetta railway station killed at least 26 people.\n";
    assert_eq!(
        events_md(text),
        [
            "2024-01-30 | Mach | 6 | Baloch Liberation Army",
            "2024-08-26 | Balochistan | 39 | -",
            "2024-11-09 | Quetta | 26 | -"
        ],
        "'across the province' is the province the heading names; 'including 14' is part of the 39"
    );
}

#[test]
fn unattributed_attacks_are_nobodys_area() {
    let text = "NIAMEY, Niger, 4 January 2021 (Wire) – Niger's government declared three days of national mourning after gunmen killed about \
                100 civilians in two villages in the western Tillabéri region on Saturday.\n\n\
                No group has claimed responsibility, but the area is frequently targeted by the Islamic State in the Greater Sahara (ISGS).\n\n\
                In a separate incident on 21 March 2021, at least 137 people were killed in attacks on several villages in the Tahoua region.";
    assert_eq!(
        events(text),
        [
            "2021-01-02 | Tillabéri region (Tillabéri, NE) | 100-100 | - | false",
            "2021-03-21 | Tahoua region (Tahoua, NE) | 137-null | - | false"
        ],
        "'on Saturday' counts back from the dateline; no one is named for either incident"
    );
    assert!(facts(text).iter().all(|f| !f.contains("Tahoua")), "{:#?}", facts(text));
}

/// A count of attacks takes its place from where the attacks were, not
/// from where the person quoted lives.
#[test]
fn an_analysts_residence_is_not_where_the_attacks_were() {
    let v = extract(
        "A researcher based in Norway told reporters that since 2020, the Baloch Liberation Army (BLA) carried out about 40 attacks, most of them in Balochistan.",
    );
    let count = v["facts"].as_array().unwrap().iter().find(|f| f["predicate"] == "attack_count").expect("a count");
    assert_eq!(count["value"], 40);
    assert!(count["place"].is_null(), "{count}");
}
