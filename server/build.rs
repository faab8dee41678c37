// `sqlx::migrate!` embeds the migrations at compile time: a new file in `migrations/` must
// rebuild the server even when no Rust source changed.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
