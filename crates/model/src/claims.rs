//! What one source says, as records the knowledge base stores: the actors
//! it names, the incidents it reports and the claims it makes about groups.
//!
//! These are the contract between extraction (which produces them from a
//! document) and the store (which keeps them next to the source's passages).
//! Actors are local to the source (`local` indexes
//! [`SourceClaims::actors`]); the resolve stage links them across sources.
//! Every record keeps the span it was read from.

use crate::{PartialDate, Span};

/// What kind of actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    /// A non-state armed group.
    ArmedGroup,
    /// A state, its government, forces or agencies.
    StateActor,
    /// A political party.
    PoliticalParty,
    /// An intergovernmental or other organisation.
    Organisation,
    /// A person.
    Person,
}

impl ActorKind {
    /// Parses the snake-case name (`armed_group`; `organization` too).
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s.trim() {
            "armed_group" => ActorKind::ArmedGroup,
            "state_actor" => ActorKind::StateActor,
            "political_party" => ActorKind::PoliticalParty,
            "organisation" | "organization" => ActorKind::Organisation,
            "person" => ActorKind::Person,
            _ => return None,
        })
    }

    /// The snake-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::ArmedGroup => "armed_group",
            ActorKind::StateActor => "state_actor",
            ActorKind::PoliticalParty => "political_party",
            ActorKind::Organisation => "organisation",
            ActorKind::Person => "person",
        }
    }
}

/// What a claim about a group says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Predicate {
    /// When the group was founded.
    Founded,
    /// How many members or fighters it has.
    SizeEstimate,
    /// A leader.
    Leader,
    /// A group it split from.
    SplitFrom,
    /// A larger organisation it belongs to.
    PartOf,
    /// An ally.
    Ally,
    /// An opponent.
    Opponent,
    /// Its ideology or aims.
    Ideology,
    /// A place where it is active.
    ActiveIn,
    /// Where it is based.
    Headquarters,
    /// How many attacks it carried out or claimed.
    AttackCount,
}

impl Predicate {
    /// Every predicate, in profile order.
    pub const ALL: [Predicate; 11] = [
        Predicate::Founded,
        Predicate::PartOf,
        Predicate::SplitFrom,
        Predicate::Ideology,
        Predicate::Leader,
        Predicate::SizeEstimate,
        Predicate::Headquarters,
        Predicate::ActiveIn,
        Predicate::Ally,
        Predicate::Opponent,
        Predicate::AttackCount,
    ];

    /// The snake-case name (`size_estimate`), as in the gold schema.
    pub fn as_str(self) -> &'static str {
        match self {
            Predicate::Founded => "founded",
            Predicate::SizeEstimate => "size_estimate",
            Predicate::Leader => "leader",
            Predicate::SplitFrom => "split_from",
            Predicate::PartOf => "part_of",
            Predicate::Ally => "ally",
            Predicate::Opponent => "opponent",
            Predicate::Ideology => "ideology",
            Predicate::ActiveIn => "active_in",
            Predicate::Headquarters => "headquarters",
            Predicate::AttackCount => "attack_count",
        }
    }

    /// Parses [`Predicate::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        Predicate::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

/// A place resolved in the gazetteer, with its hierarchy, so that later
/// stages can compare places without the gazetteer itself.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PlaceRecord {
    /// The gazetteer's stable id (`gn:1174089`, `iso:PK-KP`, `sup:pk-kalaya`).
    pub id: String,
    /// The gazetteer's name (`Khar`).
    pub name: String,
    /// `country`, `admin1`, `admin2`, `city` or `region`.
    pub kind: String,
    /// ISO 3166-1 alpha-2; empty for transnational regions.
    pub country: String,
    /// ISO 3166-2 code of its admin-1 unit (`PK-KP`).
    pub admin1: Option<String>,
    /// Name of that admin-1 unit (`Khyber Pakhtunkhwa`).
    pub admin1_name: Option<String>,
    /// Gazetteer id of its admin-2 unit.
    pub admin2: Option<String>,
    /// Name of that admin-2 unit (`Bajaur`).
    pub admin2_name: Option<String>,
    /// Latitude (WGS84), when the gazetteer has a point.
    pub lat: Option<f64>,
    /// Longitude (WGS84).
    pub lon: Option<f64>,
}

/// A place as a source names it, with what the gazetteer made of it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PlaceClaim {
    /// The text as written (`Sar-e Pol Province`).
    pub surface: String,
    /// Where it is named.
    pub span: Span,
    /// The resolved place, when the gazetteer knows it.
    pub place: Option<PlaceRecord>,
}

/// An actor as one source names it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ActorRecord {
    /// Its kind.
    pub kind: ActorKind,
    /// The reviewed lexicon's id (`iskp`) when it is a known actor.
    pub lexicon_id: Option<String>,
    /// The lexicon id of the organisation it belongs to (`islamic-state`
    /// for `iskp`), so a report naming the parent can meet one naming it.
    #[serde(default)]
    pub parent: Option<String>,
    /// The lexicon's canonical name, else the name the source uses.
    pub name: String,
    /// Every surface form the source uses, first appearance first.
    pub aliases: Vec<String>,
    /// The rule that brought it in (`lexicon`, `learned: Name (ABBR)`).
    pub rule: String,
}

/// A casualty figure as a source gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Toll {
    /// Lower bound (`at least 54` gives 54).
    pub min: Option<u64>,
    /// Upper bound (`at least 54` gives none).
    pub max: Option<u64>,
    /// The figure's words.
    pub span: Span,
}

impl Toll {
    /// One number that stands for the figure: the exact value, else the
    /// bound the text gives.
    pub fn point(&self) -> Option<u64> {
        match (self.min, self.max) {
            (Some(a), Some(b)) => Some(a + (b.saturating_sub(a)) / 2),
            (a, b) => a.or(b),
        }
    }
}

/// One report of a violent incident, as one source gives it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct IncidentReport {
    /// The sentence (or sentences) it comes from.
    pub span: Span,
    /// The trigger word (`attack`, `bombing`).
    pub trigger: Span,
    /// When, at the precision the source gives.
    pub date: Option<PartialDate>,
    /// Where.
    pub place: Option<PlaceClaim>,
    /// Who did it: an index into [`SourceClaims::actors`].
    pub perpetrator: Option<usize>,
    /// What or whom it targeted, as written.
    pub target: Option<String>,
    /// People killed.
    pub fatalities: Option<Toll>,
    /// Whether the source says responsibility was claimed.
    pub claimed: bool,
    /// The rules behind it.
    pub rule: String,
}

/// The value of a claim.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum ClaimValue {
    /// A date (founded).
    Date {
        /// The date at its precision.
        date: PartialDate,
    },
    /// A range (size estimate); `min == max` for one figure.
    Range {
        /// Lower bound.
        min: Option<u64>,
        /// Upper bound.
        max: Option<u64>,
    },
    /// A count (attack count).
    Count {
        /// The count.
        count: u64,
    },
    /// Another actor of the same source (leader, split from, ally …).
    Actor {
        /// Index into [`SourceClaims::actors`].
        actor: usize,
    },
    /// A place (active in, headquarters).
    Place {
        /// The place (boxed: it is much larger than the other values).
        place: Box<PlaceClaim>,
    },
    /// Free text (ideology).
    Text {
        /// The text.
        text: String,
    },
}

/// One statement a source makes about an actor: `(subject, predicate,
/// value, span)` with the qualifiers the text gives.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Claim {
    /// Index into [`SourceClaims::actors`].
    pub subject: usize,
    /// What it says.
    pub predicate: Predicate,
    /// The value.
    pub value: ClaimValue,
    /// The passage (or infobox line) it comes from.
    pub span: Span,
    /// The date the statement is made for (`in 2022, …`).
    pub as_of: Option<PartialDate>,
    /// A leader's role (`Emir`).
    pub role: Option<String>,
    /// Until when it held (a former leader).
    pub until: Option<PartialDate>,
    /// When it happened (a split).
    pub date: Option<PartialDate>,
    /// The period an attack count covers (`2019/2022`).
    pub period: Option<String>,
    /// The place an attack count covers.
    pub place: Option<String>,
    /// The rule that made it.
    pub rule: String,
}

/// Everything one source says, ready to store.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SourceClaims {
    /// The actors it names.
    pub actors: Vec<ActorRecord>,
    /// Where it names them: `(actor index, span)`.
    pub mentions: Vec<(usize, Span)>,
    /// The incidents it reports.
    pub incidents: Vec<IncidentReport>,
    /// Its claims about actors.
    pub claims: Vec<Claim>,
}

/// An actor as an event dataset names it (`Islamic State (Khorasan
/// Province)`), with the reviewed lexicon's id when the name is one of its
/// aliases.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct DatasetActor {
    /// The name as the dataset writes it.
    pub name: String,
    /// The lexicon id, when the name is a known alias.
    pub lexicon_id: Option<String>,
    /// The lexicon id of the organisation it belongs to.
    #[serde(default)]
    pub parent: Option<String>,
}

/// One row of an event dataset (ACLED, GTD, UCDP GED) as the knowledge base
/// stores it: an incident report whose provenance is the row itself.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DatasetEvent {
    /// The dataset's own id for the row (ACLED `event_id_cnty`, GTD
    /// `eventid`, UCDP `id`): a row already stored under it is not stored
    /// again.
    pub row_key: String,
    /// Line of the file it was read from.
    pub line: u64,
    /// When, at the precision the dataset vouches for.
    pub date: PartialDate,
    /// The last possible date, when the dataset gives a range.
    pub date_end: Option<PartialDate>,
    /// The date is a stand-in (ACLED "that week", GTD `approxdate`).
    pub approximate: bool,
    /// ISO 3166-1 alpha-2, when the country is known to the gazetteer.
    pub country: Option<String>,
    /// The country as the dataset writes it.
    pub country_name: Option<String>,
    /// First-order unit as the dataset writes it.
    pub admin1: Option<String>,
    /// Second-order unit as the dataset writes it.
    pub admin2: Option<String>,
    /// The named place as the dataset writes it.
    pub location: Option<String>,
    /// Latitude the dataset gives.
    pub lat: Option<f64>,
    /// Longitude the dataset gives.
    pub lon: Option<f64>,
    /// What the point stands for (`place`, `near_place`, `admin2`,
    /// `admin1`, `region`, `country`, `water`).
    pub geo_precision: Option<String>,
    /// The most specific unit the gazetteer matched (a town inside the
    /// row's province, else the district, else the province, else the
    /// country).
    pub place: Option<PlaceRecord>,
    /// The acting side: ACLED `actor1`, GTD `gname`, UCDP `side_a`.
    pub actor: Option<DatasetActor>,
    /// The other side: ACLED `actor2`, UCDP `side_b`.
    pub actor2: Option<DatasetActor>,
    /// ACLED `event_type`, GTD `attacktype1_txt`, UCDP violence type.
    pub event_type: Option<String>,
    /// ACLED `sub_event_type`.
    pub sub_event_type: Option<String>,
    /// Deaths: the dataset's figure (UCDP's best).
    pub fatalities_best: Option<u64>,
    /// UCDP low estimate.
    pub fatalities_low: Option<u64>,
    /// UCDP high estimate.
    pub fatalities_high: Option<u64>,
    /// GTD `claimed`.
    pub claimed: Option<bool>,
    /// The dataset's description (ACLED `notes`, GTD `summary`, UCDP
    /// headline): the row's quote.
    pub quote: Option<String>,
    /// Where the dataset got it (ACLED `source`, GTD `scite1`, UCDP
    /// `source_article`).
    pub source: Option<String>,
}
