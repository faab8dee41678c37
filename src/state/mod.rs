pub mod language;
pub mod organizer;
pub mod sync;
