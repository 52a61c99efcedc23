//! Core's layering, enforced: every top-level module of `crates/core/src`
//! sits on one layer of [`LAYERS`], and its code may name only modules on
//! lower layers (`crate::x`, `use crate::{x, ...}`, or `super::` climbing to
//! the crate root). A module on no layer fails too, so a new module must
//! be placed. ARCHITECTURE.md ("Layers inside core") says the same in words.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Core's layers, lowest first. A module may name modules of lower layers
/// only, never one of its own layer or above.
const LAYERS: &[&[&str]] = &[
    // Vocabulary and helpers that name no other module.
    &[
        "activity",
        "evidence",
        "local_day",
        "phrases",
        "profile",
        "signal",
        "stats",
        "units",
    ],
    // The knowledge base, and a runner's history as the analyses read it.
    &["knowledge", "history"],
    // Reading answers, running form and training load.
    &["assessment", "form", "load"],
    // Pain and adherence; the standing red-flag rule.
    &["pain", "safety"],
    // Planning, with the pain-monitoring rule that re-planning applies.
    &["plan"],
    // Everything set against everything: the insights.
    &["insights"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// Drops `//` comments, doc comments included: a comment may cite any
/// module.
fn code_only(source: &str) -> String {
    source
        .lines()
        .map(|line| match line.find("//") {
            Some(i) => &line[..i],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The identifier starting at `text[at..]`.
fn ident_at(text: &str, at: usize) -> &str {
    let rest = &text[at..];
    let end = rest.find(|c: char| !is_ident(c)).unwrap_or(rest.len());
    &rest[..end]
}

/// Names listed at the top of a `{a, b::c, self}` group that starts right
/// after `text[..at]`'s `{`.
fn group_heads(text: &str, at: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut expect_head = true;
    for (i, c) in text[at..].char_indices() {
        match c {
            '{' => {
                depth += 1;
                expect_head = false;
            }
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => expect_head = true,
            c if expect_head && is_ident(c) => {
                out.push(ident_at(text, at + i).to_owned());
                expect_head = false;
            }
            c if c.is_whitespace() => {}
            _ if depth == 0 => expect_head = false,
            _ => {}
        }
    }
    out
}

/// The top-level modules that `source` names, for a file whose module path
/// below the crate root is `module_path` (`["insights", "assoc"]`).
fn named_modules(source: &str, module_path: &[String]) -> BTreeSet<String> {
    let code = code_only(source);
    let mut out = BTreeSet::new();
    for (i, _) in code.match_indices("crate::") {
        if i > 0 && code[..i].ends_with(|c: char| is_ident(c) || c == ':') {
            continue; // `backstride_crate::`, `$crate::`-like: not ours
        }
        let after = i + "crate::".len();
        if code[after..].starts_with('{') {
            out.extend(group_heads(&code, after + 1));
        } else {
            out.insert(ident_at(&code, after).to_owned());
        }
    }
    // `super::super::x` from a deep file can reach the crate root too.
    for (i, _) in code.match_indices("super::") {
        if i > 0 && code[..i].ends_with(|c: char| is_ident(c) || c == ':') {
            continue;
        }
        let mut at = i;
        let mut ups = 0;
        while code[at..].starts_with("super::") {
            ups += 1;
            at += "super::".len();
        }
        if ups >= module_path.len() {
            if code[at..].starts_with('{') {
                out.extend(group_heads(&code, at + 1));
            } else {
                out.insert(ident_at(&code, at).to_owned());
            }
        }
    }
    out.retain(|m| !m.is_empty() && m != "self");
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a source file below `src` (`mod.rs` is its folder).
fn module_path(src: &Path, file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(src).expect("a file under src");
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts
}

/// Every line crossed the wrong way, as "file: a (layer n) names b (layer m)".
fn violations(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let path = module_path(src, &file);
        let Some(top) = path.first() else {
            continue; // lib.rs declares the modules; it names them all
        };
        let source = std::fs::read_to_string(&file).expect("a readable source file");
        let Some(own) = layer_of(top) else {
            out.push(format!(
                "{}: module `{top}` is on no layer of LAYERS",
                file.display()
            ));
            continue;
        };
        for named in named_modules(&source, &path) {
            if &named == top {
                continue;
            }
            match layer_of(&named) {
                Some(theirs) if theirs < own => {}
                Some(theirs) => out.push(format!(
                    "{}: `{top}` (layer {own}) names `{named}` (layer {theirs})",
                    file.display()
                )),
                None => out.push(format!(
                    "{}: `{top}` names `{named}`, which is on no layer",
                    file.display()
                )),
            }
        }
    }
    out
}

#[test]
fn core_modules_name_only_lower_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let found = violations(&src);
    assert!(found.is_empty(), "layering broken:\n{}", found.join("\n"));
}

#[test]
fn every_declared_module_is_on_a_layer_once() {
    let lib = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs"))
        .expect("lib.rs");
    let declared: Vec<&str> = lib
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod "))
        .map(|l| l.trim_end_matches(';'))
        .collect();
    assert!(declared.len() > 10, "lib.rs declares {declared:?}");
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for m in LAYERS.iter().flat_map(|l| l.iter()) {
        *seen.entry(m).or_default() += 1;
    }
    for m in &declared {
        assert_eq!(seen.get(m), Some(&1), "`{m}` must be on exactly one layer");
    }
    for m in seen.keys() {
        assert!(
            declared.contains(m),
            "`{m}` is on a layer but not in lib.rs"
        );
    }
}

#[test]
fn the_scanner_sees_every_way_of_naming_a_module() {
    let path = |p: &[&str]| p.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let source = "use crate::load::daily;\n\
                  use crate::{pain, stats::{mean, SplitMix64}};\n\
                  fn f() { crate::safety::standing(x); }\n\
                  use super::super::plan::rule;\n\
                  use super::sibling;\n\
                  // crate::insights in a comment is not code\n\
                  use backstride_core::crate_like;";
    let named = named_modules(source, &path(&["history", "deep"]));
    let expected: BTreeSet<String> = ["load", "pain", "stats", "safety", "plan"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    assert_eq!(named, expected);
    // One level down, `super::` stays inside the module.
    let shallow = named_modules("use super::plan;", &path(&["history", "deep"]));
    assert!(shallow.is_empty(), "{shallow:?}");
    let at_top = named_modules("use super::plan;", &path(&["history"]));
    assert!(at_top.contains("plan"));
}

#[test]
fn a_lower_module_naming_a_higher_one_is_reported() {
    let dir = std::env::temp_dir().join(format!("backstride-layers-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("load")).expect("a temporary folder");
    std::fs::write(
        dir.join("load/daily.rs"),
        "use crate::insights::Insights;\nuse crate::history::History;\n",
    )
    .expect("a temporary file");
    std::fs::write(
        dir.join("units.rs"),
        "use crate::knowledge::KnowledgeBase;\n",
    )
    .expect("a temporary file");
    std::fs::write(dir.join("newcomer.rs"), "").expect("a temporary file");
    let found = violations(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(found[0].contains("`load` (layer 2) names `insights` (layer 5)"));
    assert!(found[1].contains("`newcomer` is on no layer"));
    assert!(found[2].contains("`units` (layer 0) names `knowledge` (layer 1)"));
}
