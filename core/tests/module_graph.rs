//! No import cycles in core or in the browser app, read from their source: no module depends on
//! a module that depends back on it, counting every file as a module (a `mod.rs` and its
//! children too). `server/tests/layers.rs` checks the server the same way.
//!
//! Checked crates: core's library (`core/src`), the app's library (`src/`, the workspace's root
//! package) and each binary kept in a folder of its own (`src/bin/<name>/main.rs` and its
//! modules). Binaries of one file have no modules to tangle.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Module = Vec<String>;

/// Every module under `directory` (its `root` file is the crate root, `[]`) with its comments
/// and `#[cfg(test)]` modules removed. The `bin` folder holds other crates and is left out.
fn modules(directory: &Path, root: &str) -> BTreeMap<Module, String> {
    fn walk(directory: &Path, root: &str, prefix: &[String], out: &mut BTreeMap<Module, String>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(directory)
            .unwrap_or_else(|error| panic!("cannot read {}: {error}", directory.display()))
            .map(|entry| entry.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            let name = path.file_stem().unwrap().to_str().unwrap().to_owned();
            if path.is_dir() {
                if prefix.is_empty() && name == "bin" {
                    continue;
                }
                walk(&path, root, &[prefix, &[name]].concat(), out);
            } else if path.extension().is_some_and(|extension| extension == "rs") {
                let module = match (prefix.is_empty(), name.as_str()) {
                    (true, stem) if stem == root => Vec::new(),
                    // The library's sibling crate root (`main.rs` beside `lib.rs`) is a binary.
                    (true, "main" | "lib") => continue,
                    (_, "mod") => prefix.to_vec(),
                    _ => [prefix, &[name]].concat(),
                };
                out.insert(module, code(&std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    let mut modules = BTreeMap::new();
    walk(directory, root, &[], &mut modules);
    modules
}

fn code(source: &str) -> String {
    let without_comments: String = source
        .lines()
        .map(|line| line.split("//").next().unwrap())
        .collect::<Vec<_>>()
        .join("\n");
    // Test modules inside a file see their parent as `super`; they are not part of the graph.
    let mut code = String::new();
    let mut rest = without_comments.as_str();
    while let Some(start) = rest.find("#[cfg(test)]") {
        code.push_str(&rest[..start]);
        let after = &rest[start..];
        let Some(open) = after.find('{') else { break };
        let mut depth = 0;
        let mut end = after.len();
        for (offset, character) in after[open..].char_indices() {
            match character {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + offset + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &after[end..];
    }
    code.push_str(rest);
    code
}

fn is_ident(character: char) -> bool {
    character.is_ascii_alphanumeric() || character == '_'
}

/// The paths written after `at` in `text`: `a::b::c`, or `a::{b, c::d}` expanded one level.
fn paths_after(text: &str) -> Vec<Vec<String>> {
    let mut segments = Vec::new();
    let mut rest = text.trim_start();
    loop {
        let length = rest
            .find(|character| !is_ident(character))
            .unwrap_or(rest.len());
        if length == 0 {
            break;
        }
        segments.push(rest[..length].to_owned());
        rest = &rest[length..];
        match rest.strip_prefix("::") {
            Some(next) => rest = next.trim_start(),
            None => return vec![segments],
        }
    }
    let Some(group) = rest.strip_prefix('{') else {
        return vec![segments];
    };
    let group = &group[..group.find('}').unwrap_or(group.len())];
    group
        .split(',')
        .map(|item| {
            let mut path = segments.clone();
            path.extend(
                item.trim()
                    .split("::")
                    .map(|segment| segment.trim().to_owned())
                    .filter(|segment| !segment.is_empty() && !segment.starts_with('{')),
            );
            path
        })
        .collect()
}

/// The deepest module named by `base` followed by `path`.
fn resolve(modules: &BTreeMap<Module, String>, base: &[String], path: &[String]) -> Module {
    let mut found = base.to_vec();
    for segment in path {
        let next = [found.as_slice(), std::slice::from_ref(segment)].concat();
        if segment == "self" || !modules.contains_key(&next) {
            break;
        }
        found = next;
    }
    found
}

/// Which modules each module uses: through `crate::…`, `super::…`, and (in a module with
/// children) a child's name.
fn dependencies(modules: &BTreeMap<Module, String>) -> BTreeMap<Module, BTreeSet<Module>> {
    let mut graph = BTreeMap::new();
    for (module, text) in modules {
        let children: BTreeSet<&str> = modules
            .keys()
            .filter(|other| other.len() == module.len() + 1 && other.starts_with(module))
            .map(|child| child.last().unwrap().as_str())
            .collect();
        let mut uses = BTreeSet::new();
        for (at, _) in text.match_indices("::") {
            let start = text[..at]
                .rfind(|character| !is_ident(character))
                .map_or(0, |index| index + 1);
            if text[..start].ends_with("::") || text[..start].ends_with("mod ") {
                continue;
            }
            let first = &text[start..at];
            let base: Module = match first {
                "crate" => Vec::new(),
                "super" => module[..module.len().saturating_sub(1)].to_vec(),
                child if children.contains(child) => {
                    [module.as_slice(), &[child.to_owned()]].concat()
                }
                _ => continue,
            };
            for mut path in paths_after(&text[at + 2..]) {
                // `super::super::…` climbs once more per `super`.
                let mut base = base.clone();
                while first == "super" && path.first().is_some_and(|segment| segment == "super") {
                    path.remove(0);
                    base.pop();
                }
                let target = resolve(modules, &base, &path);
                if &target != module {
                    uses.insert(target);
                }
            }
        }
        graph.insert(module.clone(), uses);
    }
    graph
}

fn name(module: &[String]) -> String {
    if module.is_empty() {
        "crate".to_owned()
    } else {
        module.join("::")
    }
}

/// Every import cycle, each written `a -> b -> a`: for each dependency that lies on a cycle, the
/// shortest way back (so two modules that use each other are named as such even when they also
/// sit on a longer loop), each cycle once, starting at its first module.
fn cycles(graph: &BTreeMap<Module, BTreeSet<Module>>) -> Vec<String> {
    // The shortest path of dependencies from `from` to `to`, both ends included.
    let path = |from: &Module, to: &Module| -> Option<Vec<Module>> {
        let mut previous: BTreeMap<Module, Module> = BTreeMap::new();
        let mut queue = std::collections::VecDeque::from([from.clone()]);
        let mut seen = BTreeSet::from([from.clone()]);
        while let Some(at) = queue.pop_front() {
            if &at == to {
                let mut path = vec![at.clone()];
                let mut step = at;
                while let Some(before) = previous.get(&step) {
                    path.push(before.clone());
                    step = before.clone();
                }
                path.reverse();
                return Some(path);
            }
            for next in graph.get(&at).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    previous.insert(next.clone(), at.clone());
                    queue.push_back(next.clone());
                }
            }
        }
        None
    };
    let mut found = BTreeSet::new();
    for (module, uses) in graph {
        for used in uses {
            let Some(back) = path(used, module) else {
                continue;
            };
            // module -> used -> … -> module, turned to start at its smallest module.
            let mut cycle: Vec<Module> =
                [std::slice::from_ref(module), &back[..back.len() - 1]].concat();
            let first = (0..cycle.len()).min_by_key(|&at| &cycle[at]).unwrap_or(0);
            cycle.rotate_left(first);
            cycle.push(cycle[0].clone());
            found.insert(
                cycle
                    .iter()
                    .map(|m| name(m))
                    .collect::<Vec<_>>()
                    .join(" -> "),
            );
        }
    }
    found.into_iter().collect()
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("core sits in the workspace")
        .to_owned()
}

/// The crate's module graph, checked to be read at all (a reader that finds no edge would pass).
fn graph_of(directory: &Path, root: &str) -> BTreeMap<Module, BTreeSet<Module>> {
    let modules = modules(directory, root);
    assert!(
        !modules.is_empty(),
        "no modules found in {}",
        directory.display()
    );
    let graph = dependencies(&modules);
    assert!(
        modules.len() < 2 || graph.values().any(|uses| !uses.is_empty()),
        "the reader found no dependency in {}",
        directory.display()
    );
    graph
}

fn assert_no_cycles(label: &str, graph: &BTreeMap<Module, BTreeSet<Module>>, known: &[&str]) {
    let found = cycles(graph);
    let new: Vec<&String> = found
        .iter()
        .filter(|cycle| !known.contains(&cycle.as_str()))
        .collect();
    assert!(new.is_empty(), "import cycles in {label}: {new:#?}");
    let gone: Vec<&&str> = known
        .iter()
        .filter(|cycle| !found.iter().any(|found| found == *cycle))
        .collect();
    assert!(
        gone.is_empty(),
        "no longer a cycle in {label}, remove it from the known ones: {gone:#?}"
    );
}

#[test]
fn the_reader_finds_known_dependencies() {
    let core = graph_of(&workspace().join("core/src"), "lib");
    assert!(
        core[&vec!["validate".to_owned()]].contains(&vec!["model".to_owned()]),
        "core::validate uses core::model: {:?}",
        core[&vec!["validate".to_owned()]]
    );
    let app = graph_of(&workspace().join("src"), "lib");
    let module = |path: &str| -> Module { path.split("::").map(str::to_owned).collect() };
    let console = module("pages::organizer::console");
    assert!(
        app[&console].contains(&module("pages::organizer::setup")),
        "the console uses its sibling setup (`super::setup::…`): {:?}",
        app[&console]
    );
    assert!(
        app[&module("pages")].contains(&console),
        "pages uses its grandchild (`organizer::console::…`): {:?}",
        app[&module("pages")]
    );
}

#[test]
fn core_has_no_import_cycle() {
    assert_no_cycles("core", &graph_of(&workspace().join("core/src"), "lib"), &[]);
}

#[test]
fn the_app_has_no_import_cycle() {
    assert_no_cycles("the app", &graph_of(&workspace().join("src"), "lib"), &[]);
}

#[test]
fn the_apps_binaries_have_no_import_cycle() {
    let bins = workspace().join("src/bin");
    for entry in std::fs::read_dir(&bins).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            let label = format!("src/bin/{}", path.file_name().unwrap().to_string_lossy());
            assert_no_cycles(&label, &graph_of(&path, "main"), &[]);
        }
    }
}
