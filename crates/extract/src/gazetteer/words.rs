//! Word lists that keep the gazetteer from matching ordinary English.
//!
//! GeoNames has towns called `Of`, `Is`, `Most`, `Split`, `March` and `Man`,
//! and aliases such as `Bad`, `God` or `Africa` (for Mahdia). In report prose
//! those words are capitalized at the start of a sentence or in a title far
//! more often than they name the place, so names equal to them are never
//! matched. All comparisons are on the lowercased name. All-caps acronyms
//! (`US`, `UK`, `KP`) are exempt: they match case-sensitively instead.
//!
//! The stop lists apply when the name table is compiled; the build script
//! includes this file as it is, so it uses only `std`.

use std::collections::HashSet;
use std::sync::OnceLock;

/// Common English words (function words, frequent verbs, nouns and
/// adjectives) that some place is named or aliased after. A name equal to
/// one of them is dropped from matching.
pub(super) const COMMON_WORDS: &[&str] = &[
    // Function words, pronouns, auxiliaries.
    "a", "about", "above", "across", "after", "again", "against", "ago", "all", "also", "although", "always", "am",
    "among", "an", "and", "another", "any", "are", "around", "as", "at", "away", "back", "be", "because", "been",
    "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "down", "during",
    "each", "either", "else", "even", "ever", "every", "few", "for", "from", "had", "has", "have", "he", "her", "here",
    "him", "his", "how", "however", "i", "if", "in", "into", "is", "it", "its", "just", "less", "let", "like", "many",
    "may", "me", "might", "more", "most", "much", "must", "my", "near", "never", "next", "no", "none", "nor", "not",
    "now", "of", "off", "on", "once", "only", "or", "other", "our", "out", "over", "own", "per", "same", "shall",
    "she", "should", "since", "so", "some", "such", "than", "that", "the", "their", "them", "then", "there", "these",
    "they", "this", "those", "though", "through", "to", "too", "under", "until", "up", "upon", "us", "very", "via",
    "was", "we", "well", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with",
    "within", "without", "would", "yes", "yet", "you", "your",
    // Frequent verbs and nouns, including those GeoNames uses as names.
    "act", "action", "age", "air", "area", "arm", "arms", "army", "art", "attack", "ban", "band", "bank", "bar", "base",
    "battle", "bay", "bear", "beat", "bed", "bill", "bin", "blast", "block", "board", "body", "bomb", "bond", "border",
    "bow", "box", "bridge", "buy", "call", "came", "camp", "car", "care", "case", "cause", "cell", "center", "centre",
    "chain", "change", "charge", "chief", "claim", "come", "cost", "court", "cover", "cross", "cut", "dam", "date",
    "day", "deal", "death", "dis", "draw", "drop", "ear", "end", "face", "fact", "fall", "far", "fire", "force",
    "form", "front", "gap", "gate", "get", "give", "go", "god", "gold", "group", "gun", "hall", "hat", "head", "hold",
    "home", "hope", "job", "key", "kill", "kind", "land", "law", "lead", "line", "list", "lot", "made", "make", "man",
    "map", "mark", "market", "men", "mine", "name", "news", "order", "page", "part", "pass", "peace", "pin", "place",
    "plain", "plan", "point", "port", "post", "power", "press", "put", "race", "rain", "ran", "range", "rest", "rib",
    "ring", "rise", "road", "rock", "rule", "run", "said", "sale", "salt", "save", "say", "see", "set", "side", "sign",
    "sir", "son", "spring", "star", "start", "state", "stop", "take", "talk", "tar", "ten", "time", "top", "town",
    "trade", "turn", "two", "use", "view", "vote", "wait", "wall", "war", "way", "wed", "win", "word", "work", "year",
    "zero", // Inflected verbs seen capitalized at a sentence start (`Goes`, NL).
    "goes", "went", "gone", "says", "makes", "does", "took", "gave", "told", "led", "held", "left", "sent",
    // Function words of the German, French and Spanish titles that
    // reference lists cite (`Der`, an alias of Győr).
    "der", "die", "das", "den", "dem", "des", "und", "von", "zu", "le", "la", "les", "du", "et", "el", "los", "las",
    "y", "di", "da", // Frequent adjectives and adverbs.
    "bad", "best", "big", "black", "blue", "dead", "early", "easy", "first", "free", "full", "good", "great", "green",
    "high", "hot", "large", "last", "late", "long", "low", "main", "major", "new", "old", "open", "real", "red",
    "rich", "right", "round", "safe", "second", "short", "small", "strong", "sure", "true", "white", "wide", "young",
];

/// Month names and abbreviations, weekday names ("Mar 2024", "Wed"). The
/// full month names restate `dossier_model::MONTH_NAMES` (a test checks
/// it), as the build script cannot depend on that crate.
pub(super) const CALENDAR_WORDS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
];

/// Reviewed stop-list: real place names or aliases whose capitalized use in
/// conflict reporting is mostly not the place. Reviewed against the bundled
/// data; each line says what it would otherwise hit.
///
/// Deliberately kept (not listed): `Nice` (site of the 2016 attack),
/// `Victoria`, `Orange`, `Jordan`, `Georgia`, `Chad`, `Turkey` — their
/// capitalized use names a place or a person, and context resolves them.
pub(super) const STOP_NAMES: &[&str] = &[
    // English words that are towns (US, GB, CZ, HR, PL, CA...).
    "police",       // Police, PL
    "parliament",   //
    "sharia",       //
    "mission",      // Mission, CA and US-TX
    "colony",       //
    "union",        // Union, US-NJ; alias of Arcata ("Soviet Union", "European Union")
    "independence", // Independence, US-MO and US-KY ("Independence Day")
    "liberty",      // Liberty, US-MO
    "freedom",      // alias of Alliance, US-OH
    "republic",     // Republic, US-MO
    "federal",      // Federal, AR; alias of AR-C and BR-DF
    "progress",     // Progress, RU
    "enterprise",   // Enterprise, US
    "paradise",     // Paradise, US and CA
    "concord",      // Concord, US (five towns)
    "reading",      // Reading, GB and US (sentence-initial gerund)
    "bath",         // Bath, GB
    "mobile",       // Mobile, US-AL ("Mobile phone")
    "split",        // Split, HR ("Split from ISKP")
    "deal",         // Deal, GB
    "forest",       // Forest, BE and GG
    "pool",         // Pool, CG (department)
    "roman",        // Roman, RO ("Roman Catholic")
    "spring",       // Spring, US ("Arab Spring")
    "unity",        // Unity, SS; `Unity State` still matches ("National Unity Government")
    "gulf",         // Gulf, PG ("Gulf states")
    "coast",        // Coast, TZ
    "mine",         // Mine, JP
    "time",         // Time, NO
    "date",         // Date, JP
    "bear",         // Bear, US
    "same",         // Same, TZ
    "say",          // Say, NE
    // Directions: generic admin-1 names (15 rows named Central) that a
    // capitalized "Northern Pakistan" or "South Asia" would otherwise hit.
    "central",
    "centre",
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "upper",
    "lower",
    "middle",
    "capital",
    // Continents as aliases of towns (Africa is an alias of Mahdia, TN; Asia
    // a town in PH).
    "africa",
    "asia",
    "europe",
    "america",
    "oceania",
    // Compass points as names of districts (Delhi, Botswana, Singapore):
    // "South East Asia".
    "south east",
    "south west",
    "north east",
    "north west",
    "south-east",
    "south-west",
    "north-east",
    "north-west",
    // Transliterations that are English words: `Human` (Uman, UA).
    "human",
];

/// Tokens that are far more often part of a person's name than a place:
/// `Ali` (IN-DL), `Hassan` (IN-KA), `Hamza` (UZ), `Khan` (alias of Haan, DE).
pub(super) const PERSON_TOKENS: &[&str] = &[
    "al", "el", "abu", "abd", "abdul", "abdullah", "bin", "ibn", "ali", "ahmad", "ahmed", "hassan", "hasan", "hussain",
    "hussein", "husain", "hamza", "khan", "muhammad", "mohammad", "mohammed", "omar", "umar", "usman", "osman", "isa",
    "musa", "ismail", "ibrahim", "yusuf", "yousuf", "haji", "hajji", "mullah", "mulla", "sheikh", "shaikh", "maulana",
    "mufti", "qari", "hafiz", "imam", "zia", "imran", "sharif", "nawaz", "bilal", "kim", "ben", "roy", "leo", "ray",
    "ron", "sid",
    // Names and name particles that GeoNames has as aliases of towns, seen
    // as people in the development corpus: `Habib ur Rahman` (Chaqābol, IR),
    // `Ahmad Sofi` (Sofia), `Mohamed Zahran` (Dhahran), `al-Baghdadi`.
    "ur", "ul", "ud", "rahman", "rehman", "sofi", "sufi", "zahran", "baghdadi", "zawahiri", "haqqani", "mehsud",
    "mawlawi", "maulawi", "maulvi", "mohamed", "mr", "mrs", "dr",
];

/// Capitalized words that, right after a place name, make it part of an
/// organisation's name: `Quds Force`, `Pakistan Army`, `Balochistan
/// Liberation Army`. Compared case-sensitively: `US forces` still names
/// the country.
pub(super) const ORG_WORDS: &[&str] =
    &["Force", "Forces", "Army", "Brigade", "Brigades", "Front", "Movement", "Party", "Corps", "Liberation", "Tigers"];

/// Lowercase Arabic articles a name may start with (`al-Anbar`): such a
/// match counts as a proper noun when the letter after the hyphen is
/// uppercase.
pub(super) const ARTICLES: &[&str] = &["al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ud", "ul"];

/// True when `name` (a folded name or alias) must never be matched. Asked
/// when the name table is compiled (by the build script, or by
/// `from_sources` in tests), never at run time.
#[cfg_attr(not(test), allow(dead_code))]
pub(super) fn is_stop_name(name: &str) -> bool {
    static ALL: OnceLock<HashSet<&'static str>> = OnceLock::new();
    let all = ALL.get_or_init(|| {
        [COMMON_WORDS, CALENDAR_WORDS, STOP_NAMES, PERSON_TOKENS].into_iter().flatten().copied().collect()
    });
    // The longest entry is 12 bytes ("independence"); skip the lowercasing
    // for longer names.
    let name = name.trim();
    if name.len() > 16 {
        return false;
    }
    // Most names are ASCII: lowercase them on the stack (the gazetteer
    // asks this of every one of its quarter of a million names).
    if name.is_ascii() {
        let mut buf = [0u8; 16];
        let lower = &mut buf[..name.len()];
        lower.copy_from_slice(name.as_bytes());
        lower.make_ascii_lowercase();
        return std::str::from_utf8(lower).is_ok_and(|l| all.contains(l));
    }
    all.contains(name.to_lowercase().as_str())
}
