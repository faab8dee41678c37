//! Investors arriving as a list (the organizer's roster file): who in it is someone the event
//! already has, or appears twice in the file.
//!
//! Two entries are the same investor when their firm and person read the same after
//! normalization: Unicode NFC, letters lower-cased, and every run of whitespace (any kind) as one
//! space, trimmed. "Hanbit  Ventures" / "hanbit ventures" are the same firm; an entry without a
//! person matches only another entry of that firm without a person (a firm's two people are two
//! investors).

use crate::model::Investor;

/// The key two entries share when they are the same investor.
pub fn person_key(investor: &Investor) -> (String, String) {
    (
        normalize(&investor.firm),
        normalize(investor.person.as_deref().unwrap_or_default()),
    )
}

fn normalize(text: &str) -> String {
    let folded: String = crate::text::nfc(text)
        .chars()
        .flat_map(char::to_lowercase)
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whom a roster entry is already.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KnownAs {
    /// An investor the event has, by id.
    Existing(String),
    /// An earlier entry of the same file, by index.
    Earlier(usize),
}

/// For each entry of `incoming` that is someone already known, its index and whom.
pub fn known_entries(existing: &[Investor], incoming: &[Investor]) -> Vec<(usize, KnownAs)> {
    let mut seen: std::collections::HashMap<(String, String), KnownAs> = existing
        .iter()
        .map(|investor| (person_key(investor), KnownAs::Existing(investor.id.clone())))
        .collect();
    let mut known = Vec::new();
    for (index, investor) in incoming.iter().enumerate() {
        let key = person_key(investor);
        match seen.get(&key) {
            Some(whom) => known.push((index, whom.clone())),
            None => {
                seen.insert(key, KnownAs::Earlier(index));
            }
        }
    }
    known
}

#[cfg(test)]
mod tests {
    use super::*;

    fn investor(id: &str, firm: &str, person: Option<&str>) -> Investor {
        serde_json::from_value(serde_json::json!({"id": id, "firm": firm, "person": person}))
            .unwrap()
    }

    #[test]
    fn the_same_firm_and_person_are_found_however_they_are_typed() {
        let existing = [
            investor("i1", "Hanbit Ventures", Some("Kim Minji")),
            investor("i2", "수소벤처스", None),
        ];
        let incoming = [
            investor("", "hanbit  ventures", Some(" KIM minji ")),
            investor("", "Hanbit Ventures", Some("Lee Jun")),
            // Decomposed jamo (NFD) of 수소벤처스: the same firm.
            investor(
                "",
                &unicode_normalization::UnicodeNormalization::nfd("수소벤처스").collect::<String>(),
                None,
            ),
            investor("", "수소벤처스", Some("박서연")),
            investor("", "Hanbit Ventures", Some("Lee\u{3000}Jun")),
        ];
        assert_eq!(
            known_entries(&existing, &incoming),
            vec![
                (0, KnownAs::Existing("i1".into())),
                (2, KnownAs::Existing("i2".into())),
                (4, KnownAs::Earlier(1))
            ]
        );
    }
}
