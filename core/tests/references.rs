//! Every section reference in the workspace resolves inside the repository: a comment or document
//! that cites `definitions §N` (or `docs/definitions.md §N`) names a section that has a heading
//! `N` in `docs/definitions.md`, and nothing still cites a section number of the design document
//! outside the repository (the word `DESIGN` followed by a number).
//!
//! Scanned: `.rs`, `.md`, `.mjs`, `.js`, `.sh` and `.py` files under `core/`, `server/`, `src/`,
//! `tests/` and `scripts/` (not `node_modules` or `target`), every `.md` in `docs/`, and the
//! top-level `README.md` and `BENCHMARKS.md`. In a line that cites the definitions every `§`
//! reference on it is checked (`§4, §7–8`); in `docs/definitions.md` itself, every `§` reference.
//! A range `§4.1–4.4` needs each section from 4.1 to 4.4.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const DEFINITIONS: &str = "docs/definitions.md";
/// The old citation's word, kept in one place so this file does not cite anything itself.
const OLD_WORD: &str = "DESIGN";
const SECTION_SIGN: char = '§';

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A section number at the start of `text`: `4`, `4.7`, `4a`, `11`. Returns it and the rest.
fn section_at(text: &str) -> Option<(String, &str)> {
    let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
    let first = digits(text);
    if first == 0 {
        return None;
    }
    let mut end = first;
    let bytes = text.as_bytes();
    // One lowercase letter right after the first number (`4a`), not the start of a word (`4and`).
    if bytes.get(end).is_some_and(u8::is_ascii_lowercase)
        && !bytes.get(end + 1).is_some_and(u8::is_ascii_alphanumeric)
    {
        end += 1;
    }
    while bytes.get(end) == Some(&b'.') {
        let more = digits(&text[end + 1..]);
        if more == 0 {
            break;
        }
        end += 1 + more;
    }
    Some((text[..end].to_owned(), &text[end..]))
}

/// Every section a range names: `4.1`–`4.4` gives 4.1, 4.2, 4.3, 4.4; `7`–`8` gives 7, 8.
fn expand(first: &str, last: &str) -> Vec<String> {
    let split = |s: &str| match s.rsplit_once('.') {
        Some((prefix, tail)) => (Some(prefix.to_owned()), tail.to_owned()),
        None => (None, s.to_owned()),
    };
    let ((prefix, from), (last_prefix, to)) = (split(first), split(last));
    let same_level = prefix == last_prefix || last_prefix.is_none();
    match (from.parse::<u32>(), to.parse::<u32>()) {
        (Ok(from), Ok(to)) if same_level && from <= to && to - from <= 50 => (from..=to)
            .map(|n| match &prefix {
                Some(prefix) => format!("{prefix}.{n}"),
                None => n.to_string(),
            })
            .collect(),
        _ => vec![first.to_owned(), last.to_owned()],
    }
}

/// The sections named by every `§` reference on a line, ranges expanded.
fn references(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (at, _) in line.match_indices(SECTION_SIGN) {
        let after = &line[at + SECTION_SIGN.len_utf8()..];
        let Some((first, rest)) = section_at(after.strip_prefix(' ').unwrap_or(after)) else {
            continue;
        };
        let range_end = ['–', '-']
            .iter()
            .find_map(|dash| rest.strip_prefix(*dash))
            .and_then(section_at);
        match range_end {
            Some((last, _)) => out.extend(expand(&first, &last)),
            None => out.push(first),
        }
    }
    out
}

/// Whether the line cites the definitions: `definitions §…`, `definitions.md §…`, also through
/// Markdown (`[docs/definitions.md](definitions.md) §…`, `` `docs/definitions.md` §… ``).
fn cites_definitions(line: &str) -> bool {
    let lower = line.to_lowercase();
    lower.match_indices("definitions").any(|(at, word)| {
        let after = &lower[at + word.len()..];
        let after = after.strip_prefix(".md").unwrap_or(after);
        let after = after.trim_start_matches(['`', ')', ']']);
        after.starts_with(char::is_whitespace) && after.trim_start().starts_with(SECTION_SIGN)
    })
}

/// Whether a line that ends this way carries a citation over to the next line.
fn ends_citing(line: &str) -> bool {
    let lower = line
        .trim_end()
        .trim_end_matches(['`', ')', ']'])
        .to_lowercase();
    lower.ends_with("definitions") || lower.ends_with("definitions.md")
}

/// Whether the line still cites a section number of the design document: the old word, then
/// (after an optional `.md`, backquote and `§`) a digit.
fn cites_old_section(line: &str) -> bool {
    line.match_indices(OLD_WORD).any(|(at, word)| {
        let after = &line[at + word.len()..];
        let after = after.strip_prefix(".md").unwrap_or(after);
        let after = after.trim_start_matches('`').trim_start();
        let after = after
            .strip_prefix(SECTION_SIGN)
            .unwrap_or(after)
            .trim_start();
        after.starts_with(|c: char| c.is_ascii_digit())
    })
}

/// Section numbers of the headings of `docs/definitions.md`: `## 4.7 Match score` gives `4.7`.
fn headings(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter_map(|line| {
            let title = line.trim_start_matches('#');
            if title.len() == line.len() || !title.starts_with(' ') {
                return None;
            }
            let token = title.split_whitespace().next()?.trim_end_matches('.');
            match section_at(token) {
                Some((number, "")) => Some(number),
                _ => None,
            }
        })
        .collect()
}

/// Every file the check reads, relative to the workspace root, sorted.
fn scanned_files(root: &Path) -> Vec<PathBuf> {
    fn walk(directory: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(directory) else {
            return;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy();
            if path.is_dir() {
                if name != "node_modules" && name != "target" && !name.starts_with('.') {
                    walk(&path, out);
                }
            } else if path.extension().is_some_and(|extension| {
                ["rs", "md", "mjs", "js", "sh", "py"].contains(&extension.to_str().unwrap_or(""))
            }) {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    for directory in ["core", "server", "src", "tests", "scripts"] {
        walk(&root.join(directory), &mut files);
    }
    if let Ok(entries) = std::fs::read_dir(root.join("docs")) {
        files.extend(
            entries
                .map(|entry| entry.unwrap().path())
                .filter(|path| path.extension().is_some_and(|extension| extension == "md")),
        );
    }
    for file in ["README.md", "BENCHMARKS.md"] {
        if root.join(file).is_file() {
            files.push(root.join(file));
        }
    }
    let mut files: Vec<PathBuf> = files
        .into_iter()
        .map(|path| path.strip_prefix(root).unwrap().to_path_buf())
        .collect();
    files.sort();
    files
}

#[test]
fn every_section_reference_resolves_in_the_definitions() {
    let root = root();
    let definitions = std::fs::read_to_string(root.join(DEFINITIONS))
        .unwrap_or_else(|error| panic!("cannot read {DEFINITIONS}: {error}"));
    let sections = headings(&definitions);
    // The sections the code is built on must be there, whatever else is.
    let mut required: Vec<String> = ["4", "4a", "11"].map(String::from).to_vec();
    required.extend((1..=9).map(|n| format!("4.{n}")));
    let missing: Vec<&String> = required.iter().filter(|n| !sections.contains(*n)).collect();
    assert!(
        missing.is_empty(),
        "{DEFINITIONS} has no heading for {missing:?}"
    );

    let files = scanned_files(&root);
    let mut problems = Vec::new();
    let mut checked = 0;
    for file in &files {
        let Ok(text) = std::fs::read_to_string(root.join(file)) else {
            continue;
        };
        let shown = file.display().to_string().replace('\\', "/");
        let is_definitions = shown == DEFINITIONS;
        let mut previous = "";
        for (index, line) in text.lines().enumerate() {
            let place = format!("{shown}:{}", index + 1);
            if cites_old_section(line) {
                problems.push(format!(
                    "{place}: cites a section of {OLD_WORD}.md, which is outside the repository; \
                     cite `definitions §N` ({DEFINITIONS}) instead: {}",
                    line.trim()
                ));
            }
            let cites = is_definitions
                || cites_definitions(line)
                || (ends_citing(previous) && line.contains(SECTION_SIGN));
            if cites {
                for section in references(line) {
                    checked += 1;
                    if !sections.contains(&section) {
                        problems.push(format!(
                            "{place}: §{section} has no heading in {DEFINITIONS}: {}",
                            line.trim()
                        ));
                    }
                }
            }
            previous = line;
        }
    }
    assert!(
        files
            .iter()
            .any(|file| file.ends_with("core/src/ranking.rs")),
        "the scan did not find core/src/ranking.rs; is the workspace root {}?",
        root.display()
    );
    assert!(
        checked >= 20,
        "only {checked} references found: the scan is looking in the wrong place"
    );
    assert!(
        problems.is_empty(),
        "{} unresolved section reference(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn the_reference_parser_reads_what_the_code_writes() {
    let cite = |rest: &str| format!("definitions {SECTION_SIGN}{rest}");
    assert!(cites_definitions(&format!("(t[j,s] in {})", cite("4.3"))));
    assert!(cites_definitions(&format!("docs/{}", cite("4a"))));
    assert!(cites_definitions(&format!(
        "[`docs/definitions.md`](definitions.md) {SECTION_SIGN}4"
    )));
    assert!(!cites_definitions("the definitions are silent"));
    assert_eq!(references(&cite("4.7: mapped")), ["4.7"]);
    assert_eq!(references(&cite("4a's `roadshow match`")), ["4a"]);
    assert_eq!(references(&cite("4.1–4.4.")), ["4.1", "4.2", "4.3", "4.4"]);
    assert_eq!(
        references(&format!("{}, {SECTION_SIGN}7–8", cite("4"))),
        ["4", "7", "8"]
    );
    assert_eq!(references(&cite("11)")), ["11"]);
    assert!(cites_old_section(&format!("({OLD_WORD} 4.7)")));
    assert!(cites_old_section(&format!("({OLD_WORD} {SECTION_SIGN}11)")));
    assert!(cites_old_section(&format!(
        "`{OLD_WORD}.md` {SECTION_SIGN}4"
    )));
    assert!(!cites_old_section(&format!("where {OLD_WORD} is silent")));
    assert_eq!(
        headings("## 4 Computations\n### 4.7 Match score\n## 4a Exchange\n## 11. More\n#x 5"),
        ["11", "4", "4.7", "4a"]
            .map(String::from)
            .into_iter()
            .collect()
    );
}
