//! Checks a parsed snapshot's meaning and reports every problem at once, each with its JSON path
//! and a stable code (`scores[12].value: out_of_scale`), in document order.
//!
//! Decisions where the definitions are silent:
//! - A score from an investor on a startup it declared a conflict with is *not* a problem:
//!   docs/definitions.md §4 says conflicts are absent, so ranking leaves such scores out (and says
//!   so in its docs).
//! - An abstention on the whole pitch plus any other entry for the same investor and startup, or two
//!   entries for the same investor, startup and criterion, is a `duplicate` at the later entry.
//! - An abstention that also carries a `value` is `invalid_format` at `value`.
//! - Scale bounds are limited to ±1,000 so sums of squares stay exact in 64-bit integers.
//! - Names (event, startup, firm, person, and their English forms) follow [`crate::text`]: a
//!   control character or bidirectional formatting is `invalid_format`, a name with nothing
//!   visible is `required` (`invalid_format` for an optional English name or person). Snapshot
//!   validation only checks; the forms ([`crate::event_draft`], [`crate::startup_form`]) also
//!   store the NFC form.

use crate::event_draft::NAME_MAX_CHARS;
use crate::model::{
    is_valid_business_id, whole_number, Criterion, Investor, MeetingSettings, MeetingStatus,
    PlannedMeeting, Scale, Snapshot, Stage, Startup, INVESTOR_TYPES, REGIONS,
};
use crate::problem::{Problem, ProblemCode};
use crate::rounds::round_problems;
use serde_json::Number;
use std::collections::HashMap;

/// Longest id (event, startup, investor, criterion key).
pub const ID_MAX_CHARS: usize = 64;
/// Names, labels, firm, person, zone, field, region, contact, links.
pub const SHORT_TEXT_MAX_CHARS: usize = 200;
/// The one-line pitch.
pub const PITCH_MAX_CHARS: usize = 300;
/// Problem, solution, exemption, traction, team, anchors.
pub const LONG_TEXT_MAX_CHARS: usize = 2000;
/// An investor's comment on a score.
pub const COMMENT_MAX_CHARS: usize = 1000;
/// Largest registration limit an organizer may set.
pub const REGISTRATION_LIMIT_MAX: i64 = 10_000;
/// Largest magnitude of a scale bound (1–10, 1–5 and 0–100 are the scales in use).
pub const SCALE_LIMIT: i64 = 1_000;

/// Every problem in the snapshot, in document order; empty when it is valid.
pub fn validate(snapshot: &Snapshot) -> Vec<Problem> {
    let mut out = Problems(Vec::new());
    let event = &snapshot.event;

    // Event.
    out.id("event.id", &event.id);
    out.name("event.name", &event.name, NAME_MAX_CHARS);
    out.optional_name("event.name_en", &event.name_en, NAME_MAX_CHARS);
    out.optional_text("event.venue", &event.venue, SHORT_TEXT_MAX_CHARS);
    out.optional_text("event.venue_en", &event.venue_en, SHORT_TEXT_MAX_CHARS);
    if let (Some(start), Some(end)) = (event.starts_at, event.ends_at) {
        if end <= start {
            out.push(
                Problem::new("event.ends_at", ProblemCode::EndBeforeStart)
                    .with_detail("the event must end after it starts"),
            );
        }
    }
    let scale = event.scale;
    for (path, bound) in [
        ("event.scale.min", scale.min),
        ("event.scale.max", scale.max),
    ] {
        if bound.unsigned_abs() > SCALE_LIMIT.unsigned_abs() {
            out.push(
                Problem::new(path, ProblemCode::OutOfRange)
                    .with_detail(format!("scale bounds must lie within ±{SCALE_LIMIT}")),
            );
        }
    }
    if scale.min >= scale.max {
        out.push(
            Problem::new("event.scale", ProblemCode::MinOverMax)
                .with_detail("the scale's min must be below its max"),
        );
    }
    if let Some(limit) = event.registration_limit {
        if !(1..=REGISTRATION_LIMIT_MAX).contains(&limit) {
            out.push(
                Problem::new("event.registration_limit", ProblemCode::OutOfRange)
                    .with_detail(format!("from 1 to {REGISTRATION_LIMIT_MAX}")),
            );
        }
    }
    if event.criteria.is_empty() {
        out.push(
            Problem::new("event.criteria", ProblemCode::Required)
                .with_detail("an event needs at least one criterion"),
        );
    }
    let mut criterion_index: HashMap<&str, usize> = HashMap::new();
    for (index, criterion) in event.criteria.iter().enumerate() {
        let path = format!("event.criteria[{index}]");
        if out.id(&format!("{path}.key"), &criterion.key)
            && criterion_index.insert(&criterion.key, index).is_some()
        {
            out.push(duplicate(format!("{path}.key"), &criterion.key));
        }
        if !criterion.weight.is_finite() || criterion.weight <= 0.0 {
            out.push(
                Problem::new(format!("{path}.weight"), ProblemCode::NotPositive)
                    .with_detail("a weight must be a number above 0"),
            );
        }
        out.optional_text(
            &format!("{path}.label_ko"),
            &criterion.label_ko,
            SHORT_TEXT_MAX_CHARS,
        );
        out.optional_text(
            &format!("{path}.label_en"),
            &criterion.label_en,
            SHORT_TEXT_MAX_CHARS,
        );
        if let Some(anchors) = &criterion.anchors {
            for (name, text) in [
                ("low_ko", &anchors.low_ko),
                ("low_en", &anchors.low_en),
                ("mid_ko", &anchors.mid_ko),
                ("mid_en", &anchors.mid_en),
                ("high_ko", &anchors.high_ko),
                ("high_en", &anchors.high_en),
            ] {
                out.optional_text(&format!("{path}.anchors.{name}"), text, LONG_TEXT_MAX_CHARS);
            }
        }
    }
    out.not_negative("event.min_judges", Some(event.min_judges));
    let settings = &event.match_settings;
    for (name, weight) in [
        ("fit", settings.fit),
        ("own", settings.own),
        ("interest", settings.interest),
        ("startup_interest", settings.startup_interest),
    ] {
        if !weight.is_finite() || weight < 0.0 {
            out.push(
                Problem::new(format!("event.match.{name}"), ProblemCode::Negative)
                    .with_detail("a match weight must be a number of at least 0"),
            );
        }
    }
    if !settings.threshold.is_finite() {
        out.push(Problem::new(
            "event.match.threshold",
            ProblemCode::InvalidFormat,
        ));
    }
    let meetings = &event.meetings;
    out.positive("event.meetings.slots", meetings.slots);
    out.positive("event.meetings.tables", meetings.tables);
    if let Some(minutes) = meetings.slot_minutes {
        out.positive("event.meetings.slot_minutes", minutes);
    }
    out.not_negative(
        "event.meetings.investor_capacity",
        meetings.investor_capacity,
    );
    out.not_negative("event.meetings.startup_capacity", meetings.startup_capacity);

    // Id tables first, so references can be checked in one pass whatever the order.
    let people = People {
        startups: id_table(snapshot.startups.iter().map(|s| s.id.as_str())),
        investors: id_table(snapshot.investors.iter().map(|i| i.id.as_str())),
    };
    for (index, startup) in snapshot.startups.iter().enumerate() {
        check_startup(
            &mut out,
            &format!("startups[{index}]."),
            startup,
            Some((&people, index)),
        );
    }
    for (index, investor) in snapshot.investors.iter().enumerate() {
        check_investor(
            &mut out,
            &format!("investors[{index}]."),
            investor,
            meetings,
            Some((&people, index)),
        );
    }

    if event.rounds.is_empty() {
        score_problems(&mut out, snapshot, &people, &criterion_index);
    }
    out.0.extend(round_problems(snapshot));

    let mut seen_interest: HashMap<(&str, &str), usize> = HashMap::new();
    for (index, interest) in snapshot.interest.iter().enumerate() {
        let path = format!("interest[{index}]");
        let investor_known = out.known(
            &format!("{path}.investor"),
            &interest.investor,
            &people.investors,
        );
        let startup_known = out.known(
            &format!("{path}.startup"),
            &interest.startup,
            &people.startups,
        );
        if investor_known && startup_known {
            let key = (interest.investor.as_str(), interest.startup.as_str());
            if let Some(first) = seen_interest.insert(key, index) {
                seen_interest.insert(key, first);
                out.push(
                    Problem::new(path, ProblemCode::Duplicate).with_detail(format!(
                        "interest[{first}] is for the same investor and startup"
                    )),
                );
            }
        }
    }

    let mut seen_comment: HashMap<(&str, &str), usize> = HashMap::new();
    for (index, comment) in snapshot.comments.iter().enumerate() {
        let path = format!("comments[{index}]");
        let investor_known = out.known(
            &format!("{path}.investor"),
            &comment.investor,
            &people.investors,
        );
        let startup_known = out.known(
            &format!("{path}.startup"),
            &comment.startup,
            &people.startups,
        );
        if comment.text.chars().count() > COMMENT_MAX_CHARS {
            out.push(too_long(&format!("{path}.text"), COMMENT_MAX_CHARS));
        }
        if investor_known && startup_known {
            let key = (comment.investor.as_str(), comment.startup.as_str());
            if let Some(first) = seen_comment.insert(key, index) {
                seen_comment.insert(key, first);
                out.push(
                    Problem::new(path, ProblemCode::Duplicate).with_detail(format!(
                        "comments[{first}] is for the same investor and startup"
                    )),
                );
            }
        }
    }

    out.0.extend(meeting_problems(
        &snapshot.meetings,
        &event.meetings,
        &people.investors,
        &firm_keys(snapshot),
        &people.startups,
    ));
    pinned_position_problems(&mut out, snapshot);
    follow_up_problems(&mut out, snapshot, &people);
    // Pairs that met at an earlier event of the program (definitions §7.6): this event's people.
    for (index, pair) in snapshot.met_before.iter().enumerate() {
        let path = format!("met_before[{index}]");
        out.known(
            &format!("{path}.investor"),
            &pair.investor,
            &people.investors,
        );
        out.known(&format!("{path}.startup"), &pair.startup, &people.startups);
        out.id(&format!("{path}.event"), &pair.event);
    }
    out.0.extend(extra_problems(snapshot));
    out.0
}

/// The scores' problems, in document order: each entry's ids, criterion, value and comment, and
/// a `duplicate` at an entry that an earlier entry of the same investor and startup already
/// covers (the same criterion, or either one a whole-pitch abstention). With rounds, each score
/// is checked against its round instead (`rounds::round_problems`).
///
/// A large snapshot has hundreds of thousands of scores and nearly all are fine, so this is the
/// ingest's hot loop: paths are written only for a problem; ids are looked up once per run of
/// equal ids (exports list scores by investor and startup); and each pair's earlier entries are
/// kept as first indices in flat tables, not as a list per pair.
fn score_problems(
    out: &mut Problems,
    snapshot: &Snapshot,
    people: &People<'_>,
    criterion_index: &HashMap<&str, usize>,
) {
    const NONE: usize = usize::MAX;
    let scale = snapshot.event.scale;
    let criteria = snapshot.event.criteria.len();
    // A handful of criteria is faster to scan than to hash.
    let known_criteria: Vec<(&str, usize)> = criterion_index
        .iter()
        .map(|(key, index)| (*key, *index))
        .collect();
    let criterion_of = |key: &str| -> Option<usize> {
        if known_criteria.len() <= 16 {
            known_criteria
                .iter()
                .find(|(known, _)| *known == key)
                .map(|(_, index)| *index)
        } else {
            criterion_index.get(key).copied()
        }
    };
    let mut investor = RunLookup::new(&people.investors);
    let mut startup = RunLookup::new(&people.startups);
    // Per pair seen (its slot): its first entry, its first whole-pitch abstention, and its first
    // entry of each criterion (`criteria` per slot).
    let mut slots: HashMap<(usize, usize), usize> = HashMap::new();
    let mut last_pair: Option<((usize, usize), usize)> = None;
    let mut first_entry: Vec<usize> = Vec::new();
    let mut first_whole: Vec<usize> = Vec::new();
    let mut first_of_criterion: Vec<usize> = Vec::new();
    for (index, score) in snapshot.scores.iter().enumerate() {
        let path = || format!("scores[{index}]");
        let investor_index = investor.get(&score.investor);
        if investor_index.is_none() {
            out.push(unknown_id(format!("{}.investor", path()), &score.investor));
        }
        let startup_index = startup.get(&score.startup);
        if startup_index.is_none() {
            out.push(unknown_id(format!("{}.startup", path()), &score.startup));
        }
        // Some(None): a whole-pitch abstention; None: no usable criterion (reported).
        let criterion =
            match criterion_check(score.criterion.as_deref(), score.abstain, criterion_of) {
                Ok(criterion) => Some(criterion),
                Err(problem) => {
                    out.push(within(&path(), problem));
                    None
                }
            };
        if let Err(problem) = score_value(score.value.as_ref(), score.abstain, scale) {
            out.push(within(&path(), problem));
        }
        if let Some(comment) = &score.comment {
            if comment.chars().count() > COMMENT_MAX_CHARS {
                out.push(too_long(&format!("{}.comment", path()), COMMENT_MAX_CHARS));
            }
        }
        let (Some(investor_index), Some(startup_index), Some(criterion)) =
            (investor_index, startup_index, criterion)
        else {
            continue;
        };
        let pair = (investor_index, startup_index);
        let slot = match last_pair {
            Some((last, slot)) if last == pair => slot,
            _ => *slots.entry(pair).or_insert_with(|| {
                first_entry.push(NONE);
                first_whole.push(NONE);
                first_of_criterion.extend(std::iter::repeat_n(NONE, criteria));
                first_entry.len() - 1
            }),
        };
        last_pair = Some((pair, slot));
        let clash = match criterion {
            None => first_entry[slot],
            Some(position) => first_whole[slot].min(first_of_criterion[slot * criteria + position]),
        };
        if clash != NONE {
            out.push(
                Problem::new(path(), ProblemCode::Duplicate).with_detail(format!(
                    "scores[{clash}] already covers this investor, startup and criterion"
                )),
            );
        }
        if first_entry[slot] == NONE {
            first_entry[slot] = index;
        }
        let first = match criterion {
            None => &mut first_whole[slot],
            Some(position) => &mut first_of_criterion[slot * criteria + position],
        };
        if *first == NONE {
            *first = index;
        }
    }
}

/// Looks ids up in a table, once per run of equal ids.
struct RunLookup<'t, 'a> {
    table: &'t HashMap<&'a str, usize>,
    last: Option<(&'t str, Option<usize>)>,
}

impl<'t, 'a> RunLookup<'t, 'a> {
    fn new(table: &'t HashMap<&'a str, usize>) -> Self {
        RunLookup { table, last: None }
    }

    fn get(&mut self, id: &'t str) -> Option<usize> {
        match self.last {
            Some((last, index)) if last == id => index,
            _ => {
                let index = self.table.get(id).copied();
                self.last = Some((id, index));
                index
            }
        }
    }
}

fn unknown_id(path: String, id: &str) -> Problem {
    Problem::new(path, ProblemCode::UnknownId).with_detail(format!("no such id {id:?}"))
}

/// One startup's own problems, with paths relative to the startup (`name`, `capacity`): every
/// rule [`validate`] applies to a startup, except those that need the rest of the snapshot (a
/// duplicate id, the ids in `wants_to_meet` and `declines`; the server checks those against what
/// it stores). Its unknown fields' size is checked too.
pub fn startup_problems(startup: &Startup) -> Vec<Problem> {
    let mut out = Problems(Vec::new());
    check_startup(&mut out, "", startup, None);
    out.0.extend(extra_field_problems("", &startup.extra));
    out.0
}

/// One investor's own problems against the event's meeting settings (its unavailable slots must
/// be slots of the event), with paths relative to the investor (`firm`, `ticket_krw.min`): every
/// rule [`validate`] applies to an investor, except those that need the rest of the snapshot (a
/// duplicate id, the ids in `conflicts`). Its unknown fields' size is checked too.
pub fn investor_problems(investor: &Investor, meetings: &MeetingSettings) -> Vec<Problem> {
    let mut out = Problems(Vec::new());
    check_investor(&mut out, "", investor, meetings, None);
    out.0.extend(extra_field_problems("", &investor.extra));
    out.0
}

/// The value of one score entry on the event's scale, its problem at path `value`: an abstention
/// carries no value (`Ok(None)`); a score is a whole number on the scale.
pub fn score_value(
    value: Option<&Number>,
    abstain: bool,
    scale: Scale,
) -> Result<Option<i64>, Problem> {
    if abstain {
        return match value {
            Some(_) => Err(Problem::new("value", ProblemCode::InvalidFormat)
                .with_detail("an abstention carries no value")),
            None => Ok(None),
        };
    }
    let Some(value) = value else {
        return Err(Problem::new("value", ProblemCode::Required)
            .with_detail("a score needs a value, or \"abstain\": true"));
    };
    match whole_number(value) {
        None => {
            Err(Problem::new("value", ProblemCode::NotInteger)
                .with_detail("scores are whole numbers"))
        }
        Some(value) if value < scale.min || value > scale.max => {
            Err(Problem::new("value", ProblemCode::OutOfScale)
                .with_detail(format!("scores run from {} to {}", scale.min, scale.max)))
        }
        Some(value) => Ok(Some(value)),
    }
}

/// The criterion of one score entry against the event's criteria, its problem at path
/// `criterion`: a score names a criterion of the event; only an abstention may leave it out (and
/// then covers the whole pitch).
pub fn score_criterion(
    criterion: Option<&str>,
    abstain: bool,
    criteria: &[Criterion],
) -> Result<(), Problem> {
    criterion_check(criterion, abstain, |key: &str| {
        criteria.iter().position(|known| known.key == key)
    })
    .map(|_| ())
}

/// [`score_criterion`] with the event's criteria as a lookup (`position`: where a key is among
/// them); the criterion's position, or `None` for a whole-pitch abstention.
fn criterion_check(
    criterion: Option<&str>,
    abstain: bool,
    position: impl Fn(&str) -> Option<usize>,
) -> Result<Option<usize>, Problem> {
    match criterion {
        Some(key) => match position(key) {
            Some(position) => Ok(Some(position)),
            None => Err(Problem::new("criterion", ProblemCode::UnknownId)
                .with_detail(format!("no criterion with key {key:?}"))),
        },
        None if !abstain => Err(Problem::new("criterion", ProblemCode::Required)
            .with_detail("only an abstention may leave out the criterion")),
        None => Ok(None),
    }
}

/// A problem found in one entry, placed under the entry's path in the snapshot
/// (`scores[3]` + `value` → `scores[3].value`).
fn within(entry_path: &str, problem: Problem) -> Problem {
    Problem {
        path: format!("{entry_path}.{}", problem.path),
        ..problem
    }
}

/// The other people of the snapshot by id (first index of each), to find duplicate ids and
/// check references against.
struct People<'a> {
    startups: HashMap<&'a str, usize>,
    investors: HashMap<&'a str, usize>,
}

/// Two startups pinned to the same position of one hall's running order.
fn pinned_position_problems(out: &mut Problems, snapshot: &Snapshot) {
    let mut pinned: HashMap<(i64, i64), usize> = HashMap::new();
    for (index, startup) in snapshot.startups.iter().enumerate() {
        let Some(position) = startup.pitch_position.filter(|position| *position >= 0) else {
            continue;
        };
        let hall = startup.hall.unwrap_or(0);
        if let Some(first) = pinned.insert((hall, position), index) {
            pinned.insert((hall, position), first);
            out.push(
                Problem::new(
                    format!("startups[{index}].pitch_position"),
                    ProblemCode::Duplicate,
                )
                .with_detail(format!(
                    "startups[{first}] is pinned to the same position of hall {hall}"
                )),
            );
        }
    }
}

/// `follow_ups[]` (definitions §7.4, §11): known people, one record per pair, and each record's
/// own rules ([`crate::follow_up::record_problems`]).
fn follow_up_problems(out: &mut Problems, snapshot: &Snapshot, people: &People) {
    let mut seen: HashMap<(&str, &str), usize> = HashMap::new();
    for (index, entry) in snapshot.follow_ups.iter().enumerate() {
        let path = format!("follow_ups[{index}]");
        let investor_known = out.known(
            &format!("{path}.investor"),
            &entry.investor,
            &people.investors,
        );
        let startup_known = out.known(&format!("{path}.startup"), &entry.startup, &people.startups);
        if investor_known && startup_known {
            let key = (entry.investor.as_str(), entry.startup.as_str());
            if let Some(first) = seen.insert(key, index) {
                seen.insert(key, first);
                out.push(
                    Problem::new(path.clone(), ProblemCode::Duplicate).with_detail(format!(
                        "follow_ups[{first}] is for the same investor and startup"
                    )),
                );
            }
        }
        let meeting_day = snapshot
            .meetings
            .iter()
            .find(|meeting| meeting.investor == entry.investor && meeting.startup == entry.startup)
            .and_then(|meeting| crate::follow_up::meeting_day(&snapshot.event, meeting.slot));
        for problem in crate::follow_up::record_problems(entry, meeting_day) {
            out.push(within(&path, problem));
        }
    }
}

/// A startup's rules, reported under `at` (`startups[3].`, or empty for paths relative to the
/// startup). `people` is the snapshot's people and the startup's index in them; without it the
/// rules about other people are left to the caller.
fn check_startup(
    out: &mut Problems,
    at: &str,
    startup: &Startup,
    people: Option<(&People, usize)>,
) {
    let path = |name: &str| format!("{at}{name}");
    if out.id(&path("id"), &startup.id)
        && people
            .is_some_and(|(people, index)| people.startups.get(startup.id.as_str()) != Some(&index))
    {
        out.push(duplicate(path("id"), &startup.id));
    }
    out.name(&path("name"), &startup.name, NAME_MAX_CHARS);
    out.optional_name(&path("name_en"), &startup.name_en, NAME_MAX_CHARS);
    for (name, text, limit) in [
        ("zone", &startup.zone, ID_MAX_CHARS),
        ("field", &startup.field, ID_MAX_CHARS),
        ("region", &startup.region, SHORT_TEXT_MAX_CHARS),
        ("pitch_ko", &startup.pitch_ko, PITCH_MAX_CHARS),
        ("pitch_en", &startup.pitch_en, PITCH_MAX_CHARS),
        ("problem_ko", &startup.problem_ko, LONG_TEXT_MAX_CHARS),
        ("problem_en", &startup.problem_en, LONG_TEXT_MAX_CHARS),
        ("solution_ko", &startup.solution_ko, LONG_TEXT_MAX_CHARS),
        ("solution_en", &startup.solution_en, LONG_TEXT_MAX_CHARS),
        ("exemption_ko", &startup.exemption_ko, LONG_TEXT_MAX_CHARS),
        ("exemption_en", &startup.exemption_en, LONG_TEXT_MAX_CHARS),
        ("traction_ko", &startup.traction_ko, LONG_TEXT_MAX_CHARS),
        ("traction_en", &startup.traction_en, LONG_TEXT_MAX_CHARS),
        ("team_ko", &startup.team_ko, LONG_TEXT_MAX_CHARS),
        ("team_en", &startup.team_en, LONG_TEXT_MAX_CHARS),
        ("website", &startup.website, SHORT_TEXT_MAX_CHARS),
        ("deck", &startup.deck, SHORT_TEXT_MAX_CHARS),
        ("contact", &startup.contact, SHORT_TEXT_MAX_CHARS),
    ] {
        out.optional_text(&path(name), text, limit);
    }
    if let Some(stage) = &startup.stage {
        out.stage(&path("stage"), stage);
    }
    out.not_negative(&path("ask_krw"), startup.ask_krw);
    out.not_negative(&path("headcount"), startup.headcount);
    out.not_negative(&path("capacity"), startup.capacity);
    if let Some(business_id) = &startup.business_id {
        if !is_valid_business_id(business_id) {
            out.push(
                Problem::new(path("business_id"), ProblemCode::InvalidFormat).with_detail(
                    "사업자등록번호: 10 digits without dashes, the last one its check digit",
                ),
            );
        }
    }
    out.optional_text(&path("track"), &startup.track, ID_MAX_CHARS);
    out.not_negative(&path("hall"), startup.hall);
    out.not_negative(&path("pitch_position"), startup.pitch_position);
    if let Some((people, _)) = people {
        out.references(
            &path("wants_to_meet"),
            &startup.wants_to_meet,
            &people.investors,
        );
        out.references(&path("declines"), &startup.declines, &people.investors);
    }
}

/// An investor's rules, reported under `at` (`investors[3].`, or empty for paths relative to
/// the investor). `people` as for [`check_startup`].
fn check_investor(
    out: &mut Problems,
    at: &str,
    investor: &Investor,
    meetings: &MeetingSettings,
    people: Option<(&People, usize)>,
) {
    let path = |name: &str| format!("{at}{name}");
    if out.id(&path("id"), &investor.id)
        && people.is_some_and(|(people, index)| {
            people.investors.get(investor.id.as_str()) != Some(&index)
        })
    {
        out.push(duplicate(path("id"), &investor.id));
    }
    out.name(&path("firm"), &investor.firm, NAME_MAX_CHARS);
    out.optional_name(&path("firm_en"), &investor.firm_en, NAME_MAX_CHARS);
    out.optional_name(&path("person"), &investor.person, SHORT_TEXT_MAX_CHARS);
    out.optional_text(&path("contact"), &investor.contact, SHORT_TEXT_MAX_CHARS);
    if let Some(kind) = &investor.kind {
        if !INVESTOR_TYPES.contains(&kind.as_str()) {
            out.push(
                Problem::new(path("type"), ProblemCode::InvalidFormat)
                    .with_detail(format!("expected one of {}", INVESTOR_TYPES.join(", "))),
            );
        }
    }
    for (list, values) in [("fields", &investor.fields), ("regions", &investor.regions)] {
        for (k, value) in values.iter().enumerate() {
            out.required_text(&path(&format!("{list}[{k}]")), value, SHORT_TEXT_MAX_CHARS);
        }
    }
    for (k, stage) in investor.stages.iter().enumerate() {
        out.stage(&path(&format!("stages[{k}]")), stage);
    }
    if let Some(ticket) = &investor.ticket_krw {
        out.not_negative(&path("ticket_krw.min"), ticket.min);
        out.not_negative(&path("ticket_krw.max"), ticket.max);
        if let (Some(min), Some(max)) = (ticket.min, ticket.max) {
            if min > max {
                out.push(
                    Problem::new(path("ticket_krw"), ProblemCode::MinOverMax)
                        .with_detail("the smallest ticket exceeds the largest"),
                );
            }
        }
    }
    out.not_negative(&path("capacity"), investor.capacity);
    let mut seen_slots = Vec::new();
    for (k, &slot) in investor.unavailable_slots.iter().enumerate() {
        let slot_path = path(&format!("unavailable_slots[{k}]"));
        if slot < 0 || slot >= meetings.slots {
            out.push(
                Problem::new(slot_path, ProblemCode::OutOfRange).with_detail(format!(
                    "slots are numbered from 0 to {}",
                    meetings.slots.saturating_sub(1)
                )),
            );
        } else if seen_slots.contains(&slot) {
            out.push(duplicate(slot_path, &slot.to_string()));
        } else {
            seen_slots.push(slot);
        }
    }
    if let Some(region) = &investor.hq_region {
        if !REGIONS.contains(&region.as_str()) {
            out.push(
                Problem::new(path("hq_region"), ProblemCode::InvalidFormat)
                    .with_detail(format!("expected one of {}", REGIONS.join(", "))),
            );
        }
    }
    for (k, track) in investor.tracks.iter().enumerate() {
        out.required_text(&path(&format!("tracks[{k}]")), track, ID_MAX_CHARS);
    }
    if let Some((people, _)) = people {
        out.references(&path("conflicts"), &investor.conflicts, &people.startups);
    }
}

/// Deepest nesting allowed in fields this version does not know (`extra`): deep enough for any
/// real extension, shallow enough that a stored record can always be embedded in a response and
/// parsed again (serde_json stops at 128 levels).
pub const EXTRA_MAX_DEPTH: usize = 16;

/// Most bytes (as compact JSON) of one record's unknown fields: room for a later version's few
/// extra fields, not for a registration that makes every investor's download megabytes long.
pub const EXTRA_MAX_BYTES: usize = 4096;

/// Unknown fields nested deeper than [`EXTRA_MAX_DEPTH`], or larger than [`EXTRA_MAX_BYTES`]
/// together, anywhere they are kept.
fn extra_problems(snapshot: &Snapshot) -> Vec<Problem> {
    let mut problems = extra_field_problems("", &snapshot.extra);
    problems.extend(extra_field_problems("event.", &snapshot.event.extra));
    for (index, startup) in snapshot.startups.iter().enumerate() {
        problems.extend(extra_field_problems(
            &format!("startups[{index}]."),
            &startup.extra,
        ));
    }
    for (index, investor) in snapshot.investors.iter().enumerate() {
        problems.extend(extra_field_problems(
            &format!("investors[{index}]."),
            &investor.extra,
        ));
    }
    problems
}

/// One record's unknown fields, reported under `at` (`startups[3].`, or empty).
fn extra_field_problems(
    at: &str,
    extra: &serde_json::Map<String, serde_json::Value>,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut bytes = 0;
    for (key, value) in extra {
        if depth(value) > EXTRA_MAX_DEPTH {
            problems.push(
                Problem::new(format!("{at}{key}"), ProblemCode::InvalidFormat)
                    .with_detail(format!("nested more than {EXTRA_MAX_DEPTH} levels deep")),
            );
            continue;
        }
        bytes += key.len() + serde_json::to_string(value).map_or(0, |text| text.len());
        if bytes > EXTRA_MAX_BYTES {
            problems.push(
                Problem::new(format!("{at}{key}"), ProblemCode::TooLong).with_detail(format!(
                    "fields this version does not know may take {EXTRA_MAX_BYTES} bytes in all"
                )),
            );
            break;
        }
    }
    problems
}

/// Levels of arrays and objects in a JSON value (a scalar is 0), without recursion, so a
/// hostile value cannot exhaust the stack.
pub fn depth(value: &serde_json::Value) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(value, 0_usize)];
    while let Some((value, level)) = stack.pop() {
        let children: Box<dyn Iterator<Item = &serde_json::Value>> = match value {
            serde_json::Value::Array(items) => Box::new(items.iter()),
            serde_json::Value::Object(fields) => Box::new(fields.values()),
            _ => continue,
        };
        deepest = deepest.max(level + 1);
        stack.extend(children.map(|child| (child, level + 1)));
    }
    deepest
}

/// A meeting plan checked against the event it is for: [`meeting_problems`] with the snapshot's
/// people and meeting settings. The console runs it before publishing, as the server does when
/// it receives the plan.
pub fn plan_problems(meetings: &[PlannedMeeting], snapshot: &Snapshot) -> Vec<Problem> {
    meeting_problems(
        meetings,
        &snapshot.event.meetings,
        &id_table(
            snapshot
                .investors
                .iter()
                .map(|investor| investor.id.as_str()),
        ),
        &firm_keys(snapshot),
        &id_table(snapshot.startups.iter().map(|startup| startup.id.as_str())),
    )
}

/// Each investor's firm key (`crate::teams::firm_key`), by position.
fn firm_keys(snapshot: &Snapshot) -> Vec<String> {
    snapshot
        .investors
        .iter()
        .map(|investor| crate::teams::firm_key(&investor.firm))
        .collect()
}

/// Every problem of a meeting plan: unknown people, slots or tables out of range, a pair that
/// meets twice, anyone booked twice in one slot (attendees included), a table taken twice in
/// one slot (by meetings that hold their place: not declined, no-show or cancelled ones), and
/// attendees who are not members of the meeting's firm (definitions §8.6). `investor_firms`
/// holds each investor's firm key at its place in `investor_index`.
pub fn meeting_problems(
    meetings: &[PlannedMeeting],
    settings: &MeetingSettings,
    investor_index: &HashMap<&str, usize>,
    investor_firms: &[String],
    startup_index: &HashMap<&str, usize>,
) -> Vec<Problem> {
    let mut out = Problems(Vec::new());
    let mut pairs: HashMap<(&str, &str), usize> = HashMap::new();
    let mut investor_busy: HashMap<(&str, i64), usize> = HashMap::new();
    let mut startup_busy: HashMap<(&str, i64), usize> = HashMap::new();
    let mut tables: HashMap<(i64, i64), usize> = HashMap::new();
    for (index, meeting) in meetings.iter().enumerate() {
        let path = format!("meetings[{index}]");
        out.known(
            &format!("{path}.investor"),
            &meeting.investor,
            investor_index,
        );
        out.known(&format!("{path}.startup"), &meeting.startup, startup_index);
        let slot_ok = (0..settings.slots).contains(&meeting.slot);
        let table_ok = (0..settings.tables).contains(&meeting.table);
        if !slot_ok {
            out.push(
                Problem::new(format!("{path}.slot"), ProblemCode::OutOfRange)
                    .with_detail(format!("slots are numbered 0 to {}", settings.slots - 1)),
            );
        }
        if !table_ok {
            out.push(
                Problem::new(format!("{path}.table"), ProblemCode::OutOfRange)
                    .with_detail(format!("tables are numbered 0 to {}", settings.tables - 1)),
            );
        }
        if let Some(first) = pairs.insert((&meeting.investor, &meeting.startup), index) {
            pairs.insert((&meeting.investor, &meeting.startup), first);
            out.push(
                Problem::new(path.clone(), ProblemCode::Duplicate).with_detail(format!(
                    "meetings[{first}] is for the same investor and startup"
                )),
            );
        }
        let firm = investor_index
            .get(meeting.investor.as_str())
            .and_then(|&at| investor_firms.get(at));
        for (k, attendee) in meeting.attendees.iter().enumerate() {
            let item = format!("{path}.attendees[{k}]");
            if !out.known(&item, attendee, investor_index) {
                continue;
            }
            if meeting.attendees[..k].contains(attendee) {
                out.push(duplicate(item, attendee));
                continue;
            }
            let teammate = *attendee == meeting.investor
                || firm.is_some_and(|firm| {
                    !firm.is_empty()
                        && investor_index
                            .get(attendee.as_str())
                            .and_then(|&at| investor_firms.get(at))
                            == Some(firm)
                });
            if !teammate {
                out.push(
                    Problem::new(item, ProblemCode::NotApplicable).with_detail(format!(
                        "{attendee} is not of the firm of {} (definitions §8.6)",
                        meeting.investor
                    )),
                );
            }
        }
        // A declined, cancelled or missed meeting frees its place for another (definitions
        // §7.2): only the others hold people and tables.
        let holds_place = !matches!(
            meeting.status,
            Some(MeetingStatus::Declined | MeetingStatus::NoShow | MeetingStatus::Cancelled)
        );
        if !slot_ok || !holds_place {
            continue;
        }
        if let Some(first) = investor_busy.insert((&meeting.investor, meeting.slot), index) {
            investor_busy.insert((&meeting.investor, meeting.slot), first);
            out.push(
                Problem::new(format!("{path}.slot"), ProblemCode::Duplicate).with_detail(format!(
                    "investor {} already meets someone in this slot (meetings[{first}])",
                    meeting.investor
                )),
            );
        }
        for (k, attendee) in meeting.attendees.iter().enumerate() {
            if *attendee == meeting.investor || meeting.attendees[..k].contains(attendee) {
                continue;
            }
            if let Some(first) = investor_busy.insert((attendee, meeting.slot), index) {
                investor_busy.insert((attendee, meeting.slot), first);
                out.push(
                    Problem::new(format!("{path}.attendees[{k}]"), ProblemCode::Duplicate)
                        .with_detail(format!(
                            "investor {attendee} already meets someone in this slot (meetings[{first}])"
                        )),
                );
            }
        }
        if let Some(first) = startup_busy.insert((&meeting.startup, meeting.slot), index) {
            startup_busy.insert((&meeting.startup, meeting.slot), first);
            out.push(
                Problem::new(format!("{path}.slot"), ProblemCode::Duplicate).with_detail(format!(
                    "startup {} already meets someone in this slot (meetings[{first}])",
                    meeting.startup
                )),
            );
        }
        if table_ok {
            if let Some(first) = tables.insert((meeting.slot, meeting.table), index) {
                tables.insert((meeting.slot, meeting.table), first);
                out.push(
                    Problem::new(format!("{path}.table"), ProblemCode::Duplicate).with_detail(
                        format!("the table is taken in this slot (meetings[{first}])"),
                    ),
                );
            }
        }
    }
    out.0
}

/// A score entry's criterion (`None`: a whole-pitch abstention) and its index in `scores`.
/// First index of each id; later copies are reported as duplicates by the caller.
fn id_table<'a>(ids: impl Iterator<Item = &'a str>) -> HashMap<&'a str, usize> {
    let mut table = HashMap::new();
    for (index, id) in ids.enumerate() {
        table.entry(id).or_insert(index);
    }
    table
}

fn duplicate(path: String, what: &str) -> Problem {
    Problem::new(path, ProblemCode::Duplicate).with_detail(format!("{what:?} appears twice"))
}

struct Problems(Vec<Problem>);

impl Problems {
    fn push(&mut self, problem: Problem) {
        self.0.push(problem);
    }

    /// Checks an id's form; true when it is usable as a reference target.
    fn id(&mut self, path: &str, id: &str) -> bool {
        if id.trim().is_empty() {
            self.push(Problem::new(path, ProblemCode::Required));
            false
        } else if id.chars().count() > ID_MAX_CHARS {
            self.push(too_long(path, ID_MAX_CHARS));
            false
        } else {
            true
        }
    }

    fn required_text(&mut self, path: &str, text: &str, limit: usize) {
        if text.trim().is_empty() {
            self.push(Problem::new(path, ProblemCode::Required));
        } else if text.chars().count() > limit {
            self.push(too_long(path, limit));
        }
    }

    /// A name ([`crate::text::name_field`]): required, one line, something visible, no
    /// bidirectional formatting; the limit counts characters of its NFC form.
    fn name(&mut self, path: &str, text: &str, limit: usize) {
        if let Err(problem) = crate::text::name_field(path, text, limit, true) {
            self.push(problem);
        }
    }

    /// An optional name: absent or blank is fine, anything else is checked as [`Self::name`].
    fn optional_name(&mut self, path: &str, text: &Option<String>, limit: usize) {
        if let Some(text) = text {
            if let Err(problem) = crate::text::name_field(path, text, limit, false) {
                self.push(problem);
            }
        }
    }

    fn optional_text(&mut self, path: &str, text: &Option<String>, limit: usize) {
        if let Some(text) = text {
            if text.chars().count() > limit {
                self.push(too_long(path, limit));
            }
        }
    }

    fn not_negative(&mut self, path: &str, value: Option<i64>) {
        if let Some(value) = value {
            if value < 0 {
                self.push(Problem::new(path, ProblemCode::Negative));
            }
        }
    }

    fn positive(&mut self, path: &str, value: i64) {
        if value < 1 {
            self.push(
                Problem::new(path, ProblemCode::NotPositive).with_detail("must be at least 1"),
            );
        }
    }

    fn stage(&mut self, path: &str, stage: &Stage) {
        if !stage.is_known() {
            self.push(
                Problem::new(path, ProblemCode::InvalidFormat).with_detail(format!(
                    "{:?} is not a stage; expected one of {}",
                    stage.as_str(),
                    Stage::ALL
                        .iter()
                        .map(Stage::as_str)
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            );
        }
    }

    fn known(&mut self, path: &str, id: &str, table: &HashMap<&str, usize>) -> bool {
        let known = table.contains_key(id);
        if !known {
            self.push(unknown_id(path.to_owned(), id));
        }
        known
    }

    fn references(&mut self, path: &str, ids: &[String], table: &HashMap<&str, usize>) {
        for (k, id) in ids.iter().enumerate() {
            let item = format!("{path}[{k}]");
            if self.known(&item, id, table) && ids[..k].contains(id) {
                self.push(duplicate(item, id));
            }
        }
    }
}

fn too_long(path: &str, limit: usize) -> Problem {
    Problem::new(path, ProblemCode::TooLong).with_detail(format!("at most {limit} characters"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::parse_snapshot;

    const BASE: &str = r#"{"format":"roadshow-event/1",
      "event":{"id":"e1","name":"Roadshow","criteria":[{"key":"innovation","weight":1.0},{"key":"market","weight":2.0}],
               "meetings":{"slots":4,"tables":2}},
      "startups":[{"id":"s1","name":"A","stage":"seed"},{"id":"s2","name":"B"}],
      "investors":[{"id":"i1","firm":"F","ticket_krw":{"min":1,"max":2}},{"id":"i2","firm":"G"}],
      "scores":[{"investor":"i1","startup":"s1","criterion":"innovation","value":8}],
      "interest":[]}"#;

    /// Applies `edit` to the base snapshot (as JSON) and compares the (path, code) list.
    fn check(edit: impl FnOnce(&mut serde_json::Value), expected: &[(&str, ProblemCode)]) {
        let mut value: serde_json::Value = serde_json::from_str(BASE).unwrap();
        edit(&mut value);
        let snapshot = parse_snapshot(&value.to_string()).unwrap();
        let got: Vec<(String, ProblemCode)> = validate(&snapshot)
            .into_iter()
            .map(|p| (p.path, p.code))
            .collect();
        let expected: Vec<(String, ProblemCode)> =
            expected.iter().map(|(p, c)| (p.to_string(), *c)).collect();
        assert_eq!(got, expected);
    }

    fn score(
        investor: &str,
        startup: &str,
        criterion: &str,
        value: serde_json::Value,
    ) -> serde_json::Value {
        serde_json::json!({"investor": investor, "startup": startup, "criterion": criterion, "value": value})
    }

    #[test]
    fn validation_cases() {
        use serde_json::json;
        use ProblemCode::*;
        check(|_| {}, &[]);
        check(|v| v["event"]["registration_limit"] = json!(30), &[]);
        check(
            |v| v["event"]["registration_limit"] = json!(0),
            &[("event.registration_limit", OutOfRange)],
        );
        check(
            |v| v["event"]["registration_limit"] = json!(10_001),
            &[("event.registration_limit", OutOfRange)],
        );
        check(
            |v| v["meetings"] = json!([{"investor": "i1", "startup": "s1", "slot": 0, "table": 0}]),
            &[],
        );
        check(
            |v| {
                v["meetings"] =
                    json!([{"investor": "i1", "startup": "s1", "slot": -1, "table": 99}])
            },
            &[
                ("meetings[0].slot", OutOfRange),
                ("meetings[0].table", OutOfRange),
            ],
        );
        check(
            |v| v["comments"] = json!([{"investor": "i9", "startup": "s1", "text": "x"}]),
            &[("comments[0].investor", UnknownId)],
        );
        check(
            |v| v["scores"][0]["value"] = json!(11),
            &[("scores[0].value", OutOfScale)],
        );
        check(
            |v| v["scores"][0]["value"] = json!(0),
            &[("scores[0].value", OutOfScale)],
        );
        check(
            |v| v["scores"][0]["value"] = json!(7.5),
            &[("scores[0].value", NotInteger)],
        );
        check(|v| v["scores"][0]["value"] = json!(7.0), &[]);
        check(
            |v| v["scores"][0]["investor"] = json!("i9"),
            &[("scores[0].investor", UnknownId)],
        );
        check(
            |v| v["scores"][0]["startup"] = json!("s9"),
            &[("scores[0].startup", UnknownId)],
        );
        check(
            |v| v["scores"][0]["criterion"] = json!("x"),
            &[("scores[0].criterion", UnknownId)],
        );
        check(
            |v| {
                v["scores"]
                    .as_array_mut()
                    .unwrap()
                    .push(score("i1", "s1", "innovation", json!(3)))
            },
            &[("scores[1]", Duplicate)],
        );
        check(
            |v| {
                v["scores"]
                    .as_array_mut()
                    .unwrap()
                    .push(score("i1", "s1", "market", json!(3)))
            },
            &[],
        );
        check(
            |v| {
                v["scores"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!({"investor":"i1","startup":"s1","abstain":true}))
            },
            &[("scores[1]", Duplicate)],
        );
        check(
            |v| {
                v["scores"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!({"investor":"i2","startup":"s1","abstain":true,"value":3}))
            },
            &[("scores[1].value", InvalidFormat)],
        );
        check(
            |v| {
                v["scores"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!({"investor":"i2","startup":"s1"}))
            },
            &[
                ("scores[1].criterion", Required),
                ("scores[1].value", Required),
            ],
        );
        check(
            |v| v["event"]["criteria"][1]["weight"] = json!(0),
            &[("event.criteria[1].weight", NotPositive)],
        );
        check(
            |v| v["event"]["criteria"][1]["weight"] = json!(-1.5),
            &[("event.criteria[1].weight", NotPositive)],
        );
        check(
            |v| v["event"]["criteria"][1]["key"] = json!("innovation"),
            &[("event.criteria[1].key", Duplicate)],
        );
        check(
            |v| v["event"]["criteria"] = json!([]),
            &[
                ("event.criteria", Required),
                ("scores[0].criterion", UnknownId),
            ],
        );
        check(
            |v| v["event"]["scale"] = json!({"min": 5, "max": 5}),
            &[("event.scale", MinOverMax), ("scores[0].value", OutOfScale)],
        );
        check(
            |v| v["event"]["scale"] = json!({"min": -2000, "max": 10}),
            &[("event.scale.min", OutOfRange)],
        );
        check(
            |v| v["event"]["meetings"]["slots"] = json!(0),
            &[("event.meetings.slots", NotPositive)],
        );
        check(
            |v| v["event"]["meetings"]["tables"] = json!(-2),
            &[("event.meetings.tables", NotPositive)],
        );
        check(
            |v| v["event"]["min_judges"] = json!(-1),
            &[("event.min_judges", Negative)],
        );
        check(
            |v| v["startups"][1]["id"] = json!("s1"),
            &[("startups[1].id", Duplicate)],
        );
        check(
            |v| v["startups"][1]["capacity"] = json!(-1),
            &[("startups[1].capacity", Negative)],
        );
        check(
            |v| v["startups"][1]["ask_krw"] = json!(-5),
            &[("startups[1].ask_krw", Negative)],
        );
        check(
            |v| v["startups"][1]["stage"] = json!("series-d"),
            &[("startups[1].stage", InvalidFormat)],
        );
        check(
            |v| v["startups"][1]["name"] = json!("x".repeat(121)),
            &[("startups[1].name", TooLong)],
        );
        check(
            |v| v["startups"][1]["name"] = json!(" "),
            &[("startups[1].name", Required)],
        );
        check(
            |v| v["startups"][1]["wants_to_meet"] = json!(["i1", "i7", "i1"]),
            &[
                ("startups[1].wants_to_meet[1]", UnknownId),
                ("startups[1].wants_to_meet[2]", Duplicate),
            ],
        );
        check(
            |v| v["investors"][0]["ticket_krw"] = json!({"min": 5, "max": 2}),
            &[("investors[0].ticket_krw", MinOverMax)],
        );
        check(
            |v| v["investors"][0]["ticket_krw"] = json!({"min": -5}),
            &[("investors[0].ticket_krw.min", Negative)],
        );
        check(
            |v| v["investors"][0]["capacity"] = json!(-1),
            &[("investors[0].capacity", Negative)],
        );
        check(
            |v| v["investors"][0]["unavailable_slots"] = json!([0, 3, 4, -1, 3]),
            &[
                ("investors[0].unavailable_slots[2]", OutOfRange),
                ("investors[0].unavailable_slots[3]", OutOfRange),
                ("investors[0].unavailable_slots[4]", Duplicate),
            ],
        );
        check(
            |v| v["investors"][0]["conflicts"] = json!(["s3"]),
            &[("investors[0].conflicts[0]", UnknownId)],
        );
        check(
            |v| v["investors"][1]["stages"] = json!(["seed", "series-z"]),
            &[("investors[1].stages[1]", InvalidFormat)],
        );
        check(
            |v| v["investors"][1]["type"] = json!("bank"),
            &[("investors[1].type", InvalidFormat)],
        );
        check(
            |v| v["interest"] = json!([{"investor":"i1","startup":"s2","want":true},{"investor":"i1","startup":"s2","want":false},{"investor":"i3","startup":"s2","want":true}]),
            &[
                ("interest[1]", Duplicate),
                ("interest[2].investor", UnknownId),
            ],
        );
        // Names: one line, something visible, no bidirectional formatting (crate::text).
        check(
            |v| v["event"]["name"] = json!("Road\u{0}show"),
            &[("event.name", InvalidFormat)],
        );
        check(
            |v| v["event"]["name_en"] = json!("\u{2067}Roadshow"),
            &[("event.name_en", InvalidFormat)],
        );
        check(
            |v| v["startups"][1]["name"] = json!("Safe\u{202E}gnp.exe"),
            &[("startups[1].name", InvalidFormat)],
        );
        check(
            |v| v["startups"][0]["name"] = json!("\u{200B}\u{200B}\u{200B}"),
            &[("startups[0].name", Required)],
        );
        check(
            |v| v["startups"][0]["name_en"] = json!("\u{FEFF}\u{2060}"),
            &[("startups[0].name_en", InvalidFormat)],
        );
        check(|v| v["startups"][0]["name_en"] = json!(" "), &[]);
        check(
            |v| v["investors"][0]["firm"] = json!("F\u{85}"),
            &[("investors[0].firm", InvalidFormat)],
        );
        check(
            |v| v["investors"][1]["firm_en"] = json!("G\u{200F}"),
            &[("investors[1].firm_en", InvalidFormat)],
        );
        check(
            |v| v["investors"][1]["person"] = json!("Kim\nLee"),
            &[("investors[1].person", InvalidFormat)],
        );
        check(
            |v| v["investors"][1]["firm"] = json!("\u{3164}"),
            &[("investors[1].firm", Required)],
        );
        // The limit counts the NFC form: 120 syllables typed as 360 decomposed jamo fit.
        check(
            |v| v["event"]["name"] = json!("\u{1112}\u{1161}\u{11AB}".repeat(120)),
            &[],
        );
        check(
            |v| v["event"]["name"] = json!("\u{1112}\u{1161}\u{11AB}".repeat(121)),
            &[("event.name", TooLong)],
        );
        // Many problems at once, in document order.
        check(
            |v| {
                v["event"]["name"] = json!("");
                v["startups"][0]["capacity"] = json!(-3);
                v["scores"][0]["value"] = json!(99);
            },
            &[
                ("event.name", Required),
                ("startups[0].capacity", Negative),
                ("scores[0].value", OutOfScale),
            ],
        );
    }

    #[test]
    fn program_fields_of_startups_and_investors() {
        use serde_json::json;
        use ProblemCode::*;
        // 124-81-00998: weights 1 3 7 1 3 7 1 3 5 give 1+6+28+8+3+0+0+27+45 = 118, plus the
        // tens of 9·5 = 4 → 122; (10 − 2) mod 10 = 8, the last digit.
        check(
            |v| {
                v["startups"][0]["business_id"] = json!("1248100998");
                v["startups"][0]["track"] = json!("혁신리그");
                v["startups"][0]["hall"] = json!(1);
                v["startups"][0]["pitch_position"] = json!(0);
                v["startups"][1]["hall"] = json!(0);
                v["startups"][1]["pitch_position"] = json!(0);
                v["investors"][0]["hq_region"] = json!("Seoul");
                v["investors"][0]["tracks"] = json!(["혁신리그"]);
            },
            &[],
        );
        check(
            |v| {
                v["startups"][0]["business_id"] = json!("1248100997");
                v["startups"][1]["business_id"] = json!("124-81-00998");
                v["startups"][0]["hall"] = json!(-1);
                v["startups"][0]["pitch_position"] = json!(2);
                v["startups"][1]["pitch_position"] = json!(2);
                v["investors"][0]["hq_region"] = json!("seoul");
                v["investors"][1]["tracks"] = json!([" "]);
            },
            &[
                ("startups[0].business_id", InvalidFormat),
                ("startups[0].hall", Negative),
                ("startups[1].business_id", InvalidFormat),
                ("investors[0].hq_region", InvalidFormat),
                ("investors[1].tracks[0]", Required),
            ],
        );
        // A hall left out is hall 0: two pins on position 2 of hall 0 clash.
        check(
            |v| {
                v["startups"][0]["pitch_position"] = json!(2);
                v["startups"][1]["pitch_position"] = json!(2);
            },
            &[("startups[1].pitch_position", Duplicate)],
        );
    }

    #[test]
    fn a_declined_cancelled_or_missed_meeting_frees_its_table_and_people() {
        use serde_json::json;
        use ProblemCode::*;
        for freed in ["declined", "no_show", "cancelled"] {
            check(
                |v| {
                    v["meetings"] = json!([
                        {"investor": "i1", "startup": "s1", "slot": 1, "table": 0, "status": freed},
                        {"investor": "i1", "startup": "s2", "slot": 1, "table": 0},
                    ]);
                },
                &[],
            );
        }
        // Meetings that hold their place still clash.
        for holding in ["proposed", "confirmed", "held"] {
            check(
                |v| {
                    v["meetings"] = json!([
                        {"investor": "i1", "startup": "s1", "slot": 1, "table": 0, "status": holding},
                        {"investor": "i2", "startup": "s2", "slot": 1, "table": 0},
                    ]);
                },
                &[("meetings[1].table", Duplicate)],
            );
        }
    }

    #[test]
    fn follow_ups_name_known_pairs_once_and_keep_their_stage_rules() {
        use serde_json::json;
        use ProblemCode::*;
        let with_meeting = |v: &mut serde_json::Value| {
            v["event"]["starts_at"] = json!("2026-12-10T09:00:00+09:00");
            v["meetings"] = json!([{"investor": "i1", "startup": "s1", "slot": 0, "table": 0, "status": "held"}]);
        };
        check(
            |v| {
                with_meeting(v);
                v["follow_ups"] = json!([
                    {"investor": "i1", "startup": "s1", "stage": "invested",
                     "amount_krw": 500_000_000, "date": "2027-03-02", "confirmed": true},
                    // Held outside the plan: still a valid record.
                    {"investor": "i2", "startup": "s1", "stage": "passed", "reason": "시기상조"},
                ]);
            },
            &[],
        );
        check(
            |v| {
                with_meeting(v);
                v["follow_ups"] = json!([
                    {"investor": "i1", "startup": "s1", "stage": "invested",
                     "amount_krw": -5, "date": "2026-12-09"},
                    {"investor": "i1", "startup": "s1", "stage": "term_sheet", "amount_krw": 1},
                    {"investor": "i9", "startup": "s2", "stage": "met", "confirmed": false},
                ]);
            },
            &[
                ("follow_ups[0].amount_krw", NotPositive),
                ("follow_ups[0].date", BeforeMeeting),
                ("follow_ups[1]", Duplicate),
                ("follow_ups[1].amount_krw", NotApplicable),
                ("follow_ups[2].investor", UnknownId),
                ("follow_ups[2].confirmed", NotApplicable),
            ],
        );
        // A stage that is not one of the six, or an amount that is not whole won, is named at
        // its place when the file is read.
        for (field, value) in [("stage", json!("closed")), ("amount_krw", json!(1.5))] {
            let mut value_json: serde_json::Value = serde_json::from_str(BASE).unwrap();
            let mut entry = json!({"investor": "i1", "startup": "s1", "stage": "invested",
                                   "amount_krw": 1, "date": "2027-01-01"});
            entry[field] = value;
            value_json["follow_ups"] = json!([entry]);
            let error = parse_snapshot(&value_json.to_string()).unwrap_err();
            assert_eq!(error.to_problem().path, format!("follow_ups[0].{field}"));
        }
    }

    fn paths_and_codes(problems: Vec<Problem>) -> Vec<(String, ProblemCode)> {
        problems.into_iter().map(|p| (p.path, p.code)).collect()
    }

    fn expected(list: &[(&str, ProblemCode)]) -> Vec<(String, ProblemCode)> {
        list.iter().map(|(p, c)| (p.to_string(), *c)).collect()
    }

    #[test]
    fn one_startup_is_checked_alone_with_paths_relative_to_it() {
        use ProblemCode::*;
        let startup: Startup = serde_json::from_value(serde_json::json!({
            "id": "s1", "name": " ", "stage": "series-d", "capacity": -1,
            // Other people are the caller's to check: an unknown id here is no problem.
            "wants_to_meet": ["nobody"], "declines": ["nobody", "nobody"],
            "deep": [[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]],
        }))
        .unwrap();
        assert_eq!(
            paths_and_codes(startup_problems(&startup)),
            expected(&[
                ("name", Required),
                ("stage", InvalidFormat),
                ("capacity", Negative),
                ("deep", InvalidFormat),
            ])
        );
        let fine: Startup =
            serde_json::from_value(serde_json::json!({"id": "s1", "name": "수소로"})).unwrap();
        assert_eq!(startup_problems(&fine), vec![]);
    }

    #[test]
    fn one_investor_is_checked_against_the_event_slots() {
        use ProblemCode::*;
        let meetings = MeetingSettings {
            slots: 4,
            ..MeetingSettings::default()
        };
        let investor: Investor = serde_json::from_value(serde_json::json!({
            "id": "i1", "firm": "", "ticket_krw": {"min": 5, "max": 2}, "capacity": -1,
            "unavailable_slots": [0, 4, 0], "regions": ["Ulsan", ""], "conflicts": ["s9"],
        }))
        .unwrap();
        assert_eq!(
            paths_and_codes(investor_problems(&investor, &meetings)),
            expected(&[
                ("firm", Required),
                ("regions[1]", Required),
                ("ticket_krw", MinOverMax),
                ("capacity", Negative),
                ("unavailable_slots[1]", OutOfRange),
                ("unavailable_slots[2]", Duplicate),
            ])
        );
        let negative: Investor = serde_json::from_value(
            serde_json::json!({"id": "i1", "firm": "F", "ticket_krw": {"min": -5}}),
        )
        .unwrap();
        assert_eq!(
            paths_and_codes(investor_problems(&negative, &meetings)),
            expected(&[("ticket_krw.min", Negative)])
        );
        // Slot 3 is the last of four; with three slots it is out of range.
        let last: Investor = serde_json::from_value(
            serde_json::json!({"id": "i1", "firm": "F", "unavailable_slots": [3]}),
        )
        .unwrap();
        assert_eq!(investor_problems(&last, &meetings), vec![]);
        let fewer = MeetingSettings {
            slots: 3,
            ..MeetingSettings::default()
        };
        assert_eq!(
            paths_and_codes(investor_problems(&last, &fewer)),
            expected(&[("unavailable_slots[0]", OutOfRange)])
        );
    }

    #[test]
    fn one_score_value_is_checked_against_the_scale() {
        use ProblemCode::*;
        let scale = Scale { min: 1, max: 10 };
        let number = |text: &str| serde_json::from_str::<Number>(text).unwrap();
        let code = |result: Result<Option<i64>, Problem>| {
            result.map_err(|problem| (problem.path, problem.code))
        };
        let value = "value".to_owned();
        assert_eq!(
            code(score_value(Some(&number("7")), false, scale)),
            Ok(Some(7))
        );
        assert_eq!(
            code(score_value(Some(&number("7.0")), false, scale)),
            Ok(Some(7))
        );
        assert_eq!(
            code(score_value(Some(&number("1")), false, scale)),
            Ok(Some(1))
        );
        assert_eq!(
            code(score_value(Some(&number("10")), false, scale)),
            Ok(Some(10))
        );
        assert_eq!(
            code(score_value(Some(&number("7.5")), false, scale)),
            Err((value.clone(), NotInteger))
        );
        assert_eq!(
            code(score_value(Some(&number("0")), false, scale)),
            Err((value.clone(), OutOfScale))
        );
        assert_eq!(
            code(score_value(Some(&number("11")), false, scale)),
            Err((value.clone(), OutOfScale))
        );
        assert_eq!(
            code(score_value(None, false, scale)),
            Err((value.clone(), Required))
        );
        assert_eq!(code(score_value(None, true, scale)), Ok(None));
        assert_eq!(
            code(score_value(Some(&number("3")), true, scale)),
            Err((value, InvalidFormat))
        );
        let wide = Scale { min: 0, max: 100 };
        assert_eq!(
            code(score_value(Some(&number("0")), false, wide)),
            Ok(Some(0))
        );
    }

    #[test]
    fn one_score_criterion_is_checked_against_the_event() {
        use ProblemCode::*;
        let snapshot = parse_snapshot(BASE).unwrap();
        let criteria = &snapshot.event.criteria;
        let code = |result: Result<(), Problem>| result.map_err(|p| (p.path, p.code));
        assert_eq!(
            code(score_criterion(Some("market"), false, criteria)),
            Ok(())
        );
        assert_eq!(
            code(score_criterion(Some("viability"), false, criteria)),
            Err(("criterion".to_owned(), UnknownId))
        );
        assert_eq!(
            code(score_criterion(None, false, criteria)),
            Err(("criterion".to_owned(), Required))
        );
        assert_eq!(code(score_criterion(None, true, criteria)), Ok(()));
    }

    #[test]
    fn the_snapshot_reports_each_entity_rule_under_the_entity_path() {
        let mut value: serde_json::Value = serde_json::from_str(BASE).unwrap();
        value["startups"][1]["capacity"] = serde_json::json!(-1);
        value["startups"][1]["name"] = serde_json::json!("");
        value["investors"][1]["unavailable_slots"] = serde_json::json!([9]);
        value["investors"][1]["ticket_krw"] = serde_json::json!({"max": -1});
        let snapshot = parse_snapshot(&value.to_string()).unwrap();
        let all = validate(&snapshot);
        let under = |prefix: &str| -> Vec<Problem> {
            all.iter()
                .filter_map(|problem| {
                    Some(Problem {
                        path: problem.path.strip_prefix(prefix)?.to_owned(),
                        ..problem.clone()
                    })
                })
                .collect()
        };
        assert_eq!(
            under("startups[1]."),
            startup_problems(&snapshot.startups[1])
        );
        assert_eq!(
            under("investors[1]."),
            investor_problems(&snapshot.investors[1], &snapshot.event.meetings)
        );
        assert_eq!(all.len(), 4);
    }

    #[test]
    fn a_meeting_plan_is_checked_against_the_events_people_slots_and_tables() {
        use ProblemCode::*;
        // BASE: investors i1, i2; startups s1, s2; 4 slots, 2 tables.
        let snapshot = parse_snapshot(BASE).unwrap();
        let meeting = |investor: &str, startup: &str, slot: i64, table: i64| PlannedMeeting {
            investor: investor.into(),
            startup: startup.into(),
            slot,
            table,
            status: None,
            attendees: Vec::new(),
        };
        let good = [
            meeting("i1", "s1", 0, 0),
            meeting("i2", "s2", 0, 1),
            meeting("i1", "s2", 3, 0),
        ];
        assert_eq!(plan_problems(&good, &snapshot), vec![]);
        let bad = [
            meeting("i1", "s1", 0, 0),
            // i1 already meets s1 in slot 0.
            meeting("i1", "s2", 0, 1),
            meeting("i9", "s1", 1, 0),
            // Slot 4 is past the last (3); the table is not checked against an unknown slot.
            meeting("i2", "s2", 4, 0),
            // s1 already meets i9 in slot 1, at table 0.
            meeting("i2", "s1", 1, 0),
            // The pair i1–s1 meets twice; table 2 does not exist.
            meeting("i1", "s1", 2, 2),
        ];
        assert_eq!(
            paths_and_codes(plan_problems(&bad, &snapshot)),
            expected(&[
                ("meetings[1].slot", Duplicate),
                ("meetings[2].investor", UnknownId),
                ("meetings[3].slot", OutOfRange),
                ("meetings[4].slot", Duplicate),
                ("meetings[4].table", Duplicate),
                ("meetings[5].table", OutOfRange),
                ("meetings[5]", Duplicate),
            ])
        );
    }

    #[test]
    fn demo_snapshot_is_valid() {
        let snapshot = parse_snapshot(include_str!("../data/demo-roadshow.json")).unwrap();
        assert_eq!(validate(&snapshot), vec![]);
    }
}
