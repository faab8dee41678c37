//! A list of people in a server answer, read one record at a time: a record this app cannot read
//! (a wrong type, a field nested too deep) is set aside with its id, and the others are still
//! used. One bad registration must never take a whole page down.

use serde::de::{DeserializeOwned, Deserializer};
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

/// A record of a list that could not be read: its id when that much could be read, and its
/// place in the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnreadableRecord {
    pub id: Option<String>,
    pub position: usize,
    /// Why it could not be read (the decoder's words), for the browser console's log.
    pub reason: String,
}

impl UnreadableRecord {
    /// The id, or `#N` (1-based place in the answer) when not even the id could be read.
    pub fn label(&self) -> String {
        self.id
            .clone()
            .unwrap_or_else(|| format!("#{}", self.position + 1))
    }
}

/// The readable records of a list, in order, and the unreadable ones set aside.
#[derive(Debug, Clone, PartialEq)]
pub struct Records<T> {
    pub items: Vec<T>,
    pub unreadable: Vec<UnreadableRecord>,
}

impl<T> Default for Records<T> {
    fn default() -> Self {
        Records {
            items: Vec::new(),
            unreadable: Vec::new(),
        }
    }
}

impl<T> From<Vec<T>> for Records<T> {
    fn from(items: Vec<T>) -> Self {
        Records {
            items,
            unreadable: Vec::new(),
        }
    }
}

impl<T: DeserializeOwned> Records<T> {
    /// Reads each record of `raw` on its own.
    pub fn read(raw: &[Box<RawValue>]) -> Records<T> {
        let mut records = Records::default();
        for (position, record) in raw.iter().enumerate() {
            match serde_json::from_str::<T>(record.get()) {
                Ok(item) => records.items.push(item),
                Err(error) => records.unreadable.push(UnreadableRecord {
                    id: id_of(record.get()),
                    position,
                    reason: error.to_string(),
                }),
            }
        }
        records
    }
}

/// The record's `id`, if it is an object with a text id (other fields are skipped unread, however
/// deep they go).
fn id_of(record: &str) -> Option<String> {
    #[derive(Deserialize)]
    struct IdOnly {
        id: String,
    }
    serde_json::from_str::<IdOnly>(record)
        .ok()
        .map(|only| only.id)
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Records<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Each element is kept as its raw text (skipping it needs no recursion), then read alone.
        let raw = Vec::<Box<RawValue>>::deserialize(deserializer)?;
        Ok(Records::read(&raw))
    }
}

/// Written back as the readable records only (the investor's saved offline copy).
impl<T: Serialize> Serialize for Records<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.items.serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Like core's profiles: unknown fields are kept (so a deep one is read, and fails).
    #[derive(Debug, PartialEq, Deserialize)]
    struct Person {
        id: String,
        name: String,
        #[serde(flatten)]
        extra: serde_json::Map<String, serde_json::Value>,
    }

    #[test]
    fn a_bad_record_is_set_aside_and_the_rest_read() {
        let deep = format!("{}1{}", "[".repeat(400), "]".repeat(400));
        let text = format!(
            r#"{{"people": [{{"id": "a", "name": "A"}}, {{"id": "b", "name": 3}},
                {{"id": "c", "name": "C", "extra": {deep}}}, 7, {{"id": "d", "name": "D"}}]}}"#
        );
        #[derive(Deserialize)]
        struct Answer {
            people: Records<Person>,
        }
        let answer: Answer = serde_json::from_str(&text).unwrap();
        assert_eq!(
            answer
                .people
                .items
                .iter()
                .map(|person| person.id.as_str())
                .collect::<Vec<_>>(),
            vec!["a", "d"]
        );
        assert_eq!(
            answer
                .people
                .unreadable
                .iter()
                .map(|record| (record.id.as_deref(), record.position))
                .collect::<Vec<_>>(),
            vec![(Some("b"), 1), (Some("c"), 2), (None, 3)]
        );
        assert!(answer.people.unreadable[0].reason.contains("invalid type"));
        assert_eq!(answer.people.unreadable[2].label(), "#4");
    }
}
