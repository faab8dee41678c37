//! The checked-in test vectors give byte-identical `roadshow rank` output (the wasm32 run of the
//! same vectors is `tests/wasm_vectors.rs`).
#![cfg(not(target_arch = "wasm32"))]

#[path = "vectors/list.rs"]
mod list;

use roadshow_core::cli::rank_command;
use roadshow_core::ranking::TotalMode;
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/vectors")
}

/// `ROADSHOW_BLESS=1` rewrites the expected outputs (and the demo vector) instead of comparing.
fn blessing() -> bool {
    std::env::var_os("ROADSHOW_BLESS").is_some()
}

#[test]
fn rank_output_matches_the_vectors_byte_for_byte() {
    if blessing() {
        let demo =
            roadshow_core::snapshot::parse_snapshot(include_str!("../data/demo-roadshow.json"))
                .unwrap();
        let scored = roadshow_core::demo::with_demo_scores(&demo, Default::default());
        let text = roadshow_core::snapshot::write_snapshot(&scored).unwrap() + "\n";
        std::fs::write(dir().join("demo-scored.json"), text).unwrap();
    }
    for (name, input, expected, expected_raw) in list::VECTORS {
        // Read the input from disk when blessing, since the embedded copy may be stale.
        let input = if blessing() {
            std::fs::read(dir().join(format!("{name}.json"))).unwrap()
        } else {
            input.to_vec()
        };
        for (mode, expected, suffix) in [
            (TotalMode::Normalized, expected, "rank"),
            (TotalMode::Raw, expected_raw, "rank-raw"),
        ] {
            let output = rank_command(&input, mode);
            assert_eq!(output.exit_code, 0, "{name}: {}", output.stderr);
            if blessing() {
                std::fs::write(dir().join(format!("{name}.{suffix}.json")), &output.stdout)
                    .unwrap();
            } else {
                assert!(
                    output.stdout.as_bytes() == *expected,
                    "{name}.{suffix}.json differs:\n{}",
                    output.stdout
                );
            }
        }
    }
}

#[test]
fn every_vector_file_is_listed() {
    for entry in std::fs::read_dir(dir()).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if let Some(stem) = name.strip_suffix(".json") {
            let base = stem.split('.').next().unwrap();
            assert!(
                list::VECTORS.iter().any(|(n, ..)| *n == base),
                "{name} is not in vectors/list.rs"
            );
        }
    }
}

#[test]
fn student_t_quantiles_match_the_wasm_reference_file() {
    let text: String = [
        1u32, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 19, 20, 29, 30, 50, 99, 100, 199, 500, 1000,
    ]
    .iter()
    .map(|&df| format!("{df} {:?}\n", roadshow_core::stats::student_t_975(df)))
    .collect();
    let path = dir().join("quantiles.txt");
    if blessing() {
        std::fs::write(&path, &text).unwrap();
    } else {
        assert_eq!(std::fs::read_to_string(path).unwrap(), text);
    }
}
