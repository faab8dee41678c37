//! Personal data under 개인정보 보호법 (definitions §10): until when it is kept, and what an
//! erasure clears. The server runs these; the console shows the same date.
//!
//! - **Retention erasure** (after [`retention_date`]): the personal fields — a startup's
//!   `contact` (contact person, e-mail, phone), an investor's `person` (the name comments are
//!   signed with) and `contact`. Scores, comments' text, meetings and follow-ups stay, so
//!   rankings, matches and program figures do not move.
//! - **Erasure on request** ([`anonymize_startup`], [`anonymize_investor`]): the person's own
//!   profile down to what the event's figures need. A startup keeps its id, zone, field, stage,
//!   region and track — its scores stay, anonymous, so the judges' severity and every other
//!   startup's rank stay as they were; an investor keeps its firm and preferences.

use crate::model::{Event, Investor, Startup};
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};

/// Longest note a link holder may add to an erasure request.
pub const MAX_ERASURE_NOTE_CHARS: usize = 500;

/// The name an anonymised startup is listed under.
pub const ERASED_STARTUP_NAME: &str = "삭제된 기업";
pub const ERASED_STARTUP_NAME_EN: &str = "Erased company";

/// The last day personal data is kept: the organizer's `retention_until`, else one year after
/// the day the event ends (its start when it has no end), in KST; none for an event without
/// dates. A 29 February end keeps until 28 February of the next year.
pub fn retention_date(event: &Event) -> Option<NaiveDate> {
    retention_date_of(event.retention_until, event.ends_at.or(event.starts_at))
}

/// [`retention_date`] from its parts: the organizer's date, else a year after `end` (KST).
pub fn retention_date_of(
    retention_until: Option<NaiveDate>,
    end: Option<DateTime<FixedOffset>>,
) -> Option<NaiveDate> {
    if let Some(date) = retention_until {
        return Some(date);
    }
    let end = end?;
    let day = end.with_timezone(&crate::event_draft::kst()).date_naive();
    let next_year = day.year() + 1;
    NaiveDate::from_ymd_opt(next_year, day.month(), day.day())
        .or_else(|| NaiveDate::from_ymd_opt(next_year, day.month(), 28))
}

/// Whether personal data is due for erasure on `today` (a KST date): the day after the
/// retention date, never for an event without one.
pub fn erasure_due(event: &Event, today: NaiveDate) -> bool {
    retention_date(event).is_some_and(|last| today > last)
}

/// Clears a startup's personal fields (retention); whether anything was there to clear.
pub fn erase_startup_personal(startup: &mut Startup) -> bool {
    startup.contact.take().is_some()
}

/// Clears an investor's personal fields (retention); whether anything was there to clear.
pub fn erase_investor_personal(investor: &mut Investor) -> bool {
    let person = investor.person.take().is_some();
    let contact = investor.contact.take().is_some();
    person || contact
}

/// A startup's profile after its erasure request: listed as [`ERASED_STARTUP_NAME`], with
/// nothing that tells who it was, keeping what rankings and program figures count by.
pub fn anonymize_startup(startup: &mut Startup) {
    *startup = Startup {
        id: std::mem::take(&mut startup.id),
        name: ERASED_STARTUP_NAME.to_owned(),
        name_en: Some(ERASED_STARTUP_NAME_EN.to_owned()),
        zone: startup.zone.take(),
        field: startup.field.take(),
        stage: startup.stage.take(),
        region: startup.region.take(),
        track: startup.track.take(),
        hall: startup.hall.take(),
        status: startup.status.take(),
        consent: startup.consent.take(),
        ..Startup::default()
    };
}

/// An investor's profile after its erasure request: personal fields and anything the server
/// does not know the meaning of are gone; the firm and what matching uses stay.
pub fn anonymize_investor(investor: &mut Investor) {
    erase_investor_personal(investor);
    investor.extra.clear();
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event(extra: serde_json::Value) -> Event {
        let mut value = json!({"id": "e", "name": "설명회", "criteria": []});
        value
            .as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        serde_json::from_value(value).unwrap()
    }

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn retention_defaults_to_a_year_after_the_kst_end_day() {
        // 23:30 UTC on 30 June is 08:30 on 1 July in Seoul.
        let late = event(json!({"ends_at": "2026-06-30T23:30:00+00:00"}));
        assert_eq!(retention_date(&late), Some(day("2027-07-01")));
        let leap = event(json!({"starts_at": "2028-02-29T10:00:00+09:00"}));
        assert_eq!(retention_date(&leap), Some(day("2029-02-28")));
        let set =
            event(json!({"ends_at": "2026-06-30T18:00:00+09:00", "retention_until": "2026-08-01"}));
        assert_eq!(retention_date(&set), Some(day("2026-08-01")));
        assert_eq!(retention_date(&event(json!({}))), None);
    }

    #[test]
    fn erasure_is_due_from_the_day_after_the_retention_date() {
        let set = event(json!({"retention_until": "2026-08-01"}));
        assert!(!erasure_due(&set, day("2026-08-01")));
        assert!(erasure_due(&set, day("2026-08-02")));
        assert!(!erasure_due(&event(json!({})), day("2099-01-01")));
    }

    #[test]
    fn retention_clears_personal_fields_and_only_those() {
        let mut investor: Investor = serde_json::from_value(json!({
            "id": "i1", "firm": "가나 벤처스", "person": "김민수", "contact": "kim@vc.example",
            "fields": ["hydrogen"], "capacity": 3
        }))
        .unwrap();
        let mut expected = investor.clone();
        expected.person = None;
        expected.contact = None;
        assert!(erase_investor_personal(&mut investor));
        assert_eq!(investor, expected);
        assert!(
            !erase_investor_personal(&mut investor),
            "a second pass finds nothing"
        );

        let mut startup: Startup = serde_json::from_value(json!({
            "id": "s1", "name": "수소모빌", "contact": "010-1234-5678", "region": "Ulsan"
        }))
        .unwrap();
        assert!(erase_startup_personal(&mut startup));
        assert_eq!(startup.contact, None);
        assert_eq!(startup.name, "수소모빌");
        assert_eq!(startup.region.as_deref(), Some("Ulsan"));
    }

    #[test]
    fn an_anonymised_startup_keeps_what_figures_count_by_and_nothing_else() {
        let mut startup: Startup = serde_json::from_value(json!({
            "id": "s1", "name": "수소모빌", "name_en": "H2 Mobile", "zone": "ulsan-hydrogen",
            "field": "hydrogen", "stage": "seed", "region": "Ulsan", "track": "혁신리그",
            "status": "published", "contact": "ceo@h2.example", "pitch_ko": "대표 김철수",
            "business_id": "1234567891", "website": "https://h2.example", "wants_to_meet": ["i1"],
            "ceo": "김철수"
        }))
        .unwrap();
        anonymize_startup(&mut startup);
        let expected: Startup = serde_json::from_value(json!({
            "id": "s1", "name": "삭제된 기업", "name_en": "Erased company", "zone": "ulsan-hydrogen",
            "field": "hydrogen", "stage": "seed", "region": "Ulsan", "track": "혁신리그",
            "status": "published"
        }))
        .unwrap();
        assert_eq!(startup, expected);
    }
}
