//! The server's layering, read from its source: SQL is written only in `src/store/` (and the
//! migrations), the store depends on nothing above it, and no module depends on a module that
//! depends back on it (no import cycle, counting every file as a module).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type Module = Vec<String>;

/// Every module of the library (`src/lib.rs` is the crate root, `[]`) with its code, comments
/// and `#[cfg(test)]` modules removed. `src/main.rs` is the binary: it uses the library by name.
fn modules() -> BTreeMap<Module, String> {
    fn walk(directory: &Path, prefix: &[String], out: &mut BTreeMap<Module, String>) {
        for entry in std::fs::read_dir(directory).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_stem().unwrap().to_str().unwrap().to_owned();
            if path.is_dir() {
                walk(&path, &[prefix, &[name]].concat(), out);
            } else if path.extension().is_some_and(|extension| extension == "rs") {
                let module = match (prefix.is_empty(), name.as_str()) {
                    (true, "main") => continue,
                    (true, "lib") => Vec::new(),
                    (_, "mod") => prefix.to_vec(),
                    _ => [prefix, &[name]].concat(),
                };
                out.insert(module, code(&std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    let mut modules = BTreeMap::new();
    walk(
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src")),
        &[],
        &mut modules,
    );
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
    let mut rest = text;
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
            Some(next) => rest = next,
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
fn dependencies() -> BTreeMap<Module, BTreeSet<Module>> {
    let modules = modules();
    let mut graph = BTreeMap::new();
    for (module, text) in &modules {
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
            for path in paths_after(&text[at + 2..]) {
                let target = resolve(&modules, &base, &path);
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

#[test]
fn no_module_depends_on_a_module_that_depends_back_on_it() {
    let graph = dependencies();
    assert!(
        graph[&vec!["store".to_owned()]].contains(&vec!["error".to_owned()]),
        "the reader of the source finds the store's dependencies: {:?}",
        graph[&vec!["store".to_owned()]]
    );
    // Depth-first search; a module met again while still on the path closes a cycle.
    fn visit(
        module: &Module,
        graph: &BTreeMap<Module, BTreeSet<Module>>,
        path: &mut Vec<Module>,
        done: &mut BTreeSet<Module>,
        cycles: &mut Vec<String>,
    ) {
        if let Some(at) = path.iter().position(|on_path| on_path == module) {
            let cycle: Vec<String> = path[at..].iter().chain([module]).map(|m| name(m)).collect();
            cycles.push(cycle.join(" -> "));
            return;
        }
        if !done.insert(module.clone()) {
            return;
        }
        path.push(module.clone());
        for next in &graph[module] {
            visit(next, graph, path, done, cycles);
        }
        path.pop();
    }
    let mut cycles = Vec::new();
    let mut done = BTreeSet::new();
    for module in graph.keys() {
        visit(module, &graph, &mut Vec::new(), &mut done, &mut cycles);
    }
    assert!(cycles.is_empty(), "import cycles: {cycles:#?}");
}

#[test]
fn the_store_depends_on_nothing_above_it() {
    let allowed = ["store", "error", "principal", "secret"];
    for (module, uses) in dependencies() {
        if module.first().map(String::as_str) != Some("store") {
            continue;
        }
        for target in uses {
            assert!(
                target
                    .first()
                    .is_some_and(|top| allowed.contains(&top.as_str())),
                "{} uses {}; the store may use only {allowed:?}",
                name(&module),
                name(&target)
            );
        }
    }
}

#[test]
fn sql_is_written_only_in_the_store() {
    let sql = [
        "sqlx::query",
        "query_as",
        "query_scalar",
        "QueryBuilder",
        "begin_with",
    ];
    for (module, text) in modules() {
        if module.first().map(String::as_str) == Some("store") {
            continue;
        }
        for needle in sql {
            assert!(
                !text.contains(needle),
                "{} calls {needle}: SQL belongs in src/store/",
                name(&module)
            );
        }
    }
}
