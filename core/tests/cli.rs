//! The `roadshow` binary: exit codes, output and help, run as a real process.
#![cfg(not(target_arch = "wasm32"))]

use std::path::PathBuf;
use std::process::{Command, Output};

fn roadshow(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_roadshow"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn vector(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/vectors")
        .join(name)
        .display()
        .to_string()
}

fn temp_file(name: &str, contents: &str) -> String {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, contents).unwrap();
    path.display().to_string()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[test]
fn rank_prints_the_vector_output() {
    let out = roadshow(&["rank", &vector("ties-and-gaps.json")]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        std::fs::read_to_string(vector("ties-and-gaps.rank.json")).unwrap()
    );
    let raw = roadshow(&["rank", "--raw", &vector("ties-and-gaps.json")]);
    assert_eq!(
        text(&raw.stdout),
        std::fs::read_to_string(vector("ties-and-gaps.rank-raw.json")).unwrap()
    );
}

#[test]
fn rank_output_has_the_design_field_names() {
    let out = roadshow(&["rank", &vector("sigma-zero.json")]);
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let keys: Vec<&str> = rows[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected = vec![
        "startup",
        "rank",
        "total",
        "raw_total",
        "normalized_total",
        "se",
        "ci_low",
        "ci_high",
        "judges",
        "needs",
        "disagreement",
        "criteria",
    ];
    expected.sort();
    let mut keys = keys;
    keys.sort();
    assert_eq!(keys, expected);
}

#[test]
fn check_of_a_valid_snapshot_exits_0() {
    let out = roadshow(&["check", &vector("demo-scored.json")]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), "no problems found\n");
}

#[test]
fn check_names_every_problem_and_exits_1() {
    let mut value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(vector("sigma-zero.json")).unwrap()).unwrap();
    value["scores"][1]["value"] = serde_json::json!(11);
    value["scores"][2]["investor"] = serde_json::json!("nobody");
    value["event"]["meetings"]["tables"] = serde_json::json!(0);
    let path = temp_file("check-bad.json", &value.to_string());
    let out = roadshow(&["check", &path]);
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<String> = text(&out.stdout)
        .lines()
        .map(|l| l.split(' ').next().unwrap().to_owned())
        .collect();
    assert_eq!(
        lines,
        [
            "event.meetings.tables:",
            "scores[1].value:",
            "scores[2].investor:"
        ]
    );
    assert!(text(&out.stdout).contains("scores[1].value: out_of_scale"));
    let json = roadshow(&["check", "--json", &path]);
    let problems: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(problems[1]["path"], "scores[1].value");
    assert_eq!(problems[1]["code"], "out_of_scale");
    // rank refuses the same input, naming every problem on stderr.
    let rank = roadshow(&["rank", &path]);
    assert_eq!(rank.status.code(), Some(1));
    assert!(rank.stdout.is_empty());
    assert_eq!(text(&rank.stderr).lines().count(), 3);
}

#[test]
fn malformed_json_is_named_with_its_place() {
    let path = temp_file(
        "malformed.json",
        r#"{"format":"roadshow-event/1","event":{"id":"e","name":"n","criteria":[{"key":"a","weight":"heavy"}]}}"#,
    );
    for command in ["rank", "check"] {
        let out = roadshow(&[command, &path]);
        assert_eq!(out.status.code(), Some(1), "{command}");
        let all = text(&out.stdout) + &text(&out.stderr);
        assert!(
            all.starts_with("event.criteria[0].weight: malformed"),
            "{all}"
        );
    }
}

#[test]
fn a_missing_file_is_an_error_not_a_panic() {
    let out = roadshow(&["rank", "/nonexistent/roadshow.json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("cannot read"));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(roadshow(&[]).status.code(), Some(2));
    assert_eq!(roadshow(&["rank"]).status.code(), Some(2));
    assert_eq!(
        roadshow(&["rank", "x.json", "--bogus"]).status.code(),
        Some(2)
    );
}

#[test]
fn help_explains_each_command() {
    let top = text(&roadshow(&["--help"]).stdout);
    assert!(top.contains("rank") && top.contains("check"));
    let rank = text(&roadshow(&["rank", "--help"]).stdout);
    assert!(rank.contains("--raw") && rank.contains("normalized") && rank.contains("ci_low"));
    let check = text(&roadshow(&["check", "--help"]).stdout);
    assert!(check.contains("JSON path") || check.contains("path"));
}

#[test]
fn standard_input_is_read_with_a_dash() {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_roadshow"))
        .args(["check", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"not json").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).starts_with(".: malformed"));
}
