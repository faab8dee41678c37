//! The same test vectors on wasm32: `roadshow rank` output must be byte-identical to the native
//! output checked in. Run with
//! `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner cargo test -p roadshow-core --target wasm32-unknown-unknown --no-default-features`.
#![cfg(target_arch = "wasm32")]

#[path = "vectors/list.rs"]
mod list;

/// The console's live copy, driven by the same hand-written feed answers as natively.
#[path = "replica.rs"]
mod replica;

use roadshow_core::cli::rank_command;
use roadshow_core::ranking::TotalMode;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn rank_output_matches_the_native_vectors_byte_for_byte() {
    for (name, input, expected, expected_raw) in list::VECTORS {
        for (mode, expected) in [
            (TotalMode::Normalized, expected),
            (TotalMode::Raw, expected_raw),
        ] {
            let output = rank_command(input, mode);
            assert_eq!(output.exit_code, 0, "{name}: {}", output.stderr);
            assert!(
                output.stdout.as_bytes() == *expected,
                "{name} ({mode:?}) differs on wasm32:\n{}",
                output.stdout
            );
        }
    }
}

#[wasm_bindgen_test]
fn student_t_quantiles_are_bit_identical() {
    // Printed natively with `{:?}`; the wasm build must reproduce the same bits.
    let native = include_str!("vectors/quantiles.txt");
    for line in native.lines() {
        let (df, value) = line.split_once(' ').unwrap();
        let df: u32 = df.parse().unwrap();
        assert_eq!(
            format!("{:?}", roadshow_core::stats::student_t_975(df)),
            value,
            "df {df}"
        );
    }
}
