pub mod language;
pub mod organizer;
pub mod pitch_list;
pub mod sync;
