//! The crate's modules import one another without a cycle: a state file never imports the app
//! that holds it (its `impl App` lives in a `*_flow.rs`), a modal's data lives in `dialogs/`, a
//! lower layer never reaches back into the one built on it. Modules are the files of `src/`; an
//! edge is a `crate::…` path or a run of `super::…` naming another module (a `use` tree's groups
//! followed), a module naming one of its ancestors aside (a `mod.rs` declares its children).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::{rust_files, shown, src_dir};

/// Module name (`tui::app`, `tui::view::bars`, `tui` for `tui/mod.rs`, `` for `lib.rs`) → file.
fn modules(src: &Path) -> BTreeMap<String, std::path::PathBuf> {
    let mut out = BTreeMap::new();
    for path in rust_files(src) {
        let rel = path.strip_prefix(src).unwrap().with_extension("");
        let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
        if parts.last().is_some_and(|l| l == "mod") || parts == ["lib"] {
            parts.pop();
        }
        out.insert(parts.join("::"), path);
    }
    out
}

/// The paths a `use` tree (or an expression path) names, from just after a `::`: `a::{b, c::d}`
/// gives `a::b` and `a::c::d`; `self` and `*` name the prefix itself.
fn use_tree(s: &str) -> Vec<String> {
    let s = s.trim_start();
    if let Some(group) = s.strip_prefix('{') {
        let (mut items, mut depth, mut start) = (Vec::new(), 0, 0);
        for (i, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => {
                    items.push(&group[start..i]);
                    break;
                }
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    items.push(&group[start..i]);
                    start = i + 1;
                }
                _ => {}
            }
        }
        return items.into_iter().flat_map(use_tree).collect();
    }
    let ident: String = s
        .chars()
        .take_while(|&c| c.is_alphanumeric() || c == '_')
        .collect();
    if ident.is_empty() || ident == "self" {
        return vec![String::new()];
    }
    match s[ident.len()..].strip_prefix("::") {
        Some(rest) => use_tree(rest)
            .into_iter()
            .map(|t| {
                if t.is_empty() {
                    ident.clone()
                } else {
                    format!("{ident}::{t}")
                }
            })
            .collect(),
        None => vec![ident],
    }
}

/// The paths a module names after `crate::` or a run of `super::`, made absolute.
fn referenced(module: &str, src: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (marker, is_super) in [("crate::", false), ("super::", true)] {
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
            for n in use_tree(tail) {
                if !n.is_empty() {
                    found.push(if base.is_empty() {
                        n
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
fn no_module_of_src_imports_itself_through_others() {
    let src = src_dir();
    let mods = modules(&src);
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (m, file) in &mods {
        let text = std::fs::read_to_string(file).unwrap();
        for path in referenced(m, &text) {
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
        cycles: &mut Vec<Vec<String>>,
    ) {
        state.insert(n.to_string(), 1);
        stack.push(n.to_string());
        for next in edges.get(n).into_iter().flatten() {
            match state.get(next.as_str()).copied().unwrap_or(0) {
                0 => visit(next, edges, state, stack, cycles),
                1 => {
                    let from = stack.iter().position(|s| s == next).unwrap_or(0);
                    let mut cycle = stack[from..].to_vec();
                    cycle.push(next.clone());
                    cycles.push(cycle);
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
        edges.get("tui::app").is_some_and(|e| e.contains("tui::msg")),
        "the reader finds imports"
    );
    let named: Vec<String> = cycles
        .iter()
        .map(|cycle| {
            let files: Vec<String> = cycle.iter().map(|m| shown(&mods[m])).collect();
            files.join(" -> ")
        })
        .collect();
    assert!(
        named.is_empty(),
        "import cycles in src/ ({} found; each file imports the next):\n{}",
        named.len(),
        named.join("\n")
    );
}
