pub mod language;
pub mod sync;
