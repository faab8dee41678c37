//! The browser's clock, read in one place: core reads no clock, so callers pass it the time.

/// Now, in UTC.
pub fn now_utc() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}

/// Now, in milliseconds since 1970 (the stamp of an edit, see `roadshow_core::sync`).
pub fn now_millis() -> i64 {
    js_sys::Date::now() as i64
}

/// Today's date in Korea (KST), e.g. for "not founded in the future".
pub fn today_kst() -> chrono::NaiveDate {
    now_utc()
        .with_timezone(&roadshow_core::event_draft::kst())
        .date_naive()
}
