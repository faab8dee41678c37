// The checked-in test vectors: (name, snapshot, expected `roadshow rank`, expected
// `roadshow rank --raw`). Shared by the native test (`tests/vectors.rs`) and the wasm32 test
// (`tests/wasm_vectors.rs`), which embeds the files because wasm has no file system.
// Regenerate the expected outputs with `ROADSHOW_BLESS=1 cargo test -p roadshow-core --test vectors`
// and review the diff. What the expected outputs must contain is checked independently of the
// code in tests/vectors_by_hand.rs (hand derivations, and an oracle for demo-scored).

/// (name, snapshot, `rank` output, `rank --raw` output)
pub type Vector = (&'static str, &'static [u8], &'static [u8], &'static [u8]);

pub const VECTORS: &[Vector] = &[
    (
        "sigma-zero",
        include_bytes!("sigma-zero.json"),
        include_bytes!("sigma-zero.rank.json"),
        include_bytes!("sigma-zero.rank-raw.json"),
    ),
    (
        "ties-and-gaps",
        include_bytes!("ties-and-gaps.json"),
        include_bytes!("ties-and-gaps.rank.json"),
        include_bytes!("ties-and-gaps.rank-raw.json"),
    ),
    (
        "scale-0-100",
        include_bytes!("scale-0-100.json"),
        include_bytes!("scale-0-100.rank.json"),
        include_bytes!("scale-0-100.rank-raw.json"),
    ),
    (
        "demo-scored",
        include_bytes!("demo-scored.json"),
        include_bytes!("demo-scored.rank.json"),
        include_bytes!("demo-scored.rank-raw.json"),
    ),
];
