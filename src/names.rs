//! People's, companies' and the event's own names (and any text the data holds in both
//! languages) in the chosen language: the one written in that language, else the other one.
//! Every page picks through [`in_language`]; a blank text counts as not given.

use crate::i18n::Lang;

/// A name by id, in Korean and (when the data has it) in English.
pub type NameEntry = (String, String, Option<String>);
use roadshow_core::export::Directory;
use roadshow_core::model::{Event, Investor, Snapshot, Startup};

/// The text in `lang` when it is given and not blank, else the other language's; `None` when
/// neither is.
pub fn in_language<'a>(
    korean: Option<&'a str>,
    english: Option<&'a str>,
    lang: Lang,
) -> Option<&'a str> {
    let given = |text: Option<&'a str>| text.filter(|text| !text.trim().is_empty());
    let (first, second) = match lang {
        Lang::Ko => (korean, english),
        Lang::En => (english, korean),
    };
    given(first).or_else(|| given(second))
}

/// A name the data always has in Korean, in `lang`: the English one in English mode when it is
/// given, else the Korean one.
pub fn pick(korean: &str, english: Option<&str>, lang: Lang) -> String {
    in_language(Some(korean), english.map(str::trim), lang)
        .unwrap_or(korean)
        .to_owned()
}

pub fn event_name(event: &Event, lang: Lang) -> String {
    pick(&event.name, event.name_en.as_deref(), lang)
}

pub fn event_venue(event: &Event, lang: Lang) -> Option<String> {
    let venue = event
        .venue
        .as_deref()
        .filter(|venue| !venue.trim().is_empty());
    match venue {
        Some(venue) => Some(pick(venue, event.venue_en.as_deref(), lang)),
        None => event
            .venue_en
            .clone()
            .filter(|venue| lang == Lang::En && !venue.trim().is_empty()),
    }
}

pub fn startup_name(startup: &Startup, lang: Lang) -> String {
    pick(&startup.name, startup.name_en.as_deref(), lang)
}

pub fn firm_name(investor: &Investor, lang: Lang) -> String {
    pick(&investor.firm, investor.firm_en.as_deref(), lang)
}

/// "Firm · Person", or the firm alone.
pub fn investor_label(investor: &Investor, lang: Lang) -> String {
    let firm = firm_name(investor, lang);
    match investor.person.as_deref().map(str::trim) {
        Some(person) if !person.is_empty() => format!("{firm} · {person}"),
        _ => firm,
    }
}

/// Display names by id for the schedule, pairs and calendars: investors as "Firm (Person)".
pub fn directory(snapshot: &Snapshot, lang: Lang) -> Directory {
    Directory::new(
        snapshot.investors.iter().map(|investor| {
            let firm = firm_name(investor, lang);
            let name = match investor.person.as_deref().map(str::trim) {
                Some(person) if !person.is_empty() => format!("{firm} ({person})"),
                _ => firm,
            };
            (investor.id.clone(), name)
        }),
        snapshot
            .startups
            .iter()
            .map(|startup| (startup.id.clone(), startup_name(startup, lang))),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_names_only_in_english_and_only_when_given() {
        assert_eq!(
            pick("하이드로웨이브", Some("HydroWave"), Lang::En),
            "HydroWave"
        );
        assert_eq!(
            pick("하이드로웨이브", Some("HydroWave"), Lang::Ko),
            "하이드로웨이브"
        );
        assert_eq!(
            pick("하이드로웨이브", Some("  "), Lang::En),
            "하이드로웨이브"
        );
        assert_eq!(pick("하이드로웨이브", None, Lang::En), "하이드로웨이브");
    }

    #[test]
    fn texts_fall_back_to_the_other_language() {
        assert_eq!(
            in_language(Some("문제"), Some("Problem"), Lang::Ko),
            Some("문제")
        );
        assert_eq!(
            in_language(Some("문제"), Some("Problem"), Lang::En),
            Some("Problem")
        );
        assert_eq!(
            in_language(None, Some("Problem"), Lang::Ko),
            Some("Problem")
        );
        assert_eq!(
            in_language(Some(" "), Some("Problem"), Lang::Ko),
            Some("Problem")
        );
        assert_eq!(in_language(Some("문제"), Some(""), Lang::En), Some("문제"));
        assert_eq!(in_language(None, Some("  "), Lang::En), None);
    }

    #[test]
    fn the_directory_follows_the_language() {
        let snapshot: Snapshot = serde_json::from_value(serde_json::json!({
            "format": "roadshow-event/1",
            "event": {"id": "e", "name": "설명회", "name_en": "Roadshow", "venue": "세종", "venue_en": "Sejong"},
            "startups": [{"id": "s1", "name": "수소배", "name_en": "H2 Boat"}],
            "investors": [{"id": "i1", "firm": "한빛", "firm_en": "Hanbit", "person": "Kim"}, {"id": "i2", "firm": "바다"}]
        }))
        .expect("a small snapshot");
        let english = directory(&snapshot, Lang::En);
        assert_eq!(english.investor_name("i1"), "Hanbit (Kim)");
        assert_eq!(english.investor_name("i2"), "바다");
        assert_eq!(english.startup_name("s1"), "H2 Boat");
        assert_eq!(directory(&snapshot, Lang::Ko).startup_name("s1"), "수소배");
        assert_eq!(event_name(&snapshot.event, Lang::En), "Roadshow");
        assert_eq!(
            event_venue(&snapshot.event, Lang::En).as_deref(),
            Some("Sejong")
        );
        assert_eq!(
            event_venue(&snapshot.event, Lang::Ko).as_deref(),
            Some("세종")
        );
        assert_eq!(
            investor_label(&snapshot.investors[0], Lang::Ko),
            "한빛 · Kim"
        );
    }
}

/// The name of `id` among `entries` in `lang`, or the id itself when it is not there (a person
/// the device has not heard of yet).
pub fn entry_name(entries: &[NameEntry], id: &str, lang: Lang) -> String {
    entries
        .iter()
        .find(|(known, _, _)| known == id)
        .map(|(_, korean, english)| pick(korean, english.as_deref(), lang))
        .unwrap_or_else(|| id.to_owned())
}

/// A round's name for people (definitions §8.1): its `name` (`name_en` in English), else its id.
pub fn round_name(round: &roadshow_core::model::Round, lang: Lang) -> String {
    let text = |key: &str| round.extra.get(key).and_then(|value| value.as_str());
    pick(text("name").unwrap_or(&round.id), text("name_en"), lang)
}
