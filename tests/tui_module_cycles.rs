//! The TUI's modules import one another without a cycle: a state file never imports the app
//! that holds it (its `impl App` lives in a `*_flow.rs`), a modal's data lives in `dialogs/`.
//! Reads `use super::…` / `crate::tui::…` paths in src/tui and looks for a cycle among them.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr
)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Module name (`app`, `view::bars`, `` for mod.rs) → source text.
fn modules(dir: &Path, prefix: &str, out: &mut BTreeMap<String, String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let join = |s: &str| {
            if prefix.is_empty() {
                s.to_string()
            } else {
                format!("{prefix}::{s}")
            }
        };
        if path.is_dir() {
            modules(&path, &join(&stem), out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let name = if stem == "mod" {
                prefix.to_string()
            } else {
                join(&stem)
            };
            out.insert(name, std::fs::read_to_string(&path).unwrap());
        }
    }
}

/// The paths a module names after `crate::tui::` or a run of `super::`, made absolute.
fn referenced(module: &str, src: &str) -> Vec<String> {
    let mut found = Vec::new();
    let ident = |c: char| c.is_alphanumeric() || c == '_' || c == ':';
    for (marker, is_super) in [("crate::tui::", false), ("super::", true)] {
        let mut rest = src;
        while let Some(at) = rest.find(marker) {
            let before = &rest[..at];
            let glued = before.ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':');
            let mut tail = &rest[at + marker.len()..];
            rest = tail;
            if glued {
                continue;
            }
            let mut parts: Vec<&str> = if module.is_empty() {
                Vec::new()
            } else {
                module.split("::").collect()
            };
            if is_super {
                parts.pop();
                while let Some(t) = tail.strip_prefix("super::") {
                    parts.pop();
                    tail = t;
                }
            } else {
                parts.clear();
            }
            let base = parts.join("::");
            let names: Vec<String> = if let Some(group) = tail.strip_prefix('{') {
                let group = &group[..group.find('}').unwrap_or(group.len())];
                group.split(',').map(|s| s.trim().to_string()).collect()
            } else {
                vec![tail.chars().take_while(|&c| ident(c)).collect()]
            };
            for n in names {
                let n = n.trim_end_matches(':');
                if !n.is_empty() {
                    found.push(if base.is_empty() {
                        n.to_string()
                    } else {
                        format!("{base}::{n}")
                    });
                }
            }
        }
    }
    found
}

#[test]
fn no_module_of_the_tui_imports_itself_through_others() {
    let mut mods = BTreeMap::new();
    modules(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src/tui"),
        "",
        &mut mods,
    );
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (m, src) in &mods {
        for path in referenced(m, src) {
            let segs: Vec<&str> = path.split("::").collect();
            let target = (1..=segs.len())
                .rev()
                .map(|i| segs[..i].join("::"))
                .find(|p| mods.contains_key(p));
            if let Some(t) = target
                && t != *m
                && !m.starts_with(&format!("{t}::"))
                && !t.is_empty()
            {
                edges.entry(m.clone()).or_default().insert(t);
            }
        }
    }
    // Depth-first search; a grey node met again closes a cycle.
    fn visit(
        n: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
        cycles: &mut Vec<String>,
    ) {
        state.insert(n.to_string(), 1);
        stack.push(n.to_string());
        for next in edges.get(n).into_iter().flatten() {
            match state.get(next.as_str()).copied().unwrap_or(0) {
                0 => visit(next, edges, state, stack, cycles),
                1 => {
                    let from = stack.iter().position(|s| s == next).unwrap_or(0);
                    cycles.push(format!("{} -> {next}", stack[from..].join(" -> ")));
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(n.to_string(), 2);
    }
    let (mut state, mut stack, mut cycles) = (BTreeMap::new(), Vec::new(), Vec::new());
    for m in mods.keys() {
        if !state.contains_key(m.as_str()) {
            visit(m, &edges, &mut state, &mut stack, &mut cycles);
        }
    }
    assert!(
        edges.get("app").is_some_and(|e| e.contains("msg")),
        "the reader finds imports"
    );
    assert!(
        cycles.is_empty(),
        "import cycles in src/tui:\n{}",
        cycles.join("\n")
    );
}
