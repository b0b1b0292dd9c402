//! Editing the two manifests that `parlab new` changes, as text: an
//! insertion in `course.toml` (the id in its module's `exercises` list, or a
//! new `[[module]]`), an appended `[[bin]]` in `exercises/Cargo.toml`. The
//! rest of each file stays byte for byte, comments included, and each edit
//! is parsed back and compared with the intended change before it is used.

use std::ops::Range;

use toml::de::{DeTable, DeValue};

/// `course.toml` with `id` added to the `exercises` of module `module`, and
/// whether that module is new. Only an insertion: the rest of the text is
/// kept byte for byte. A module that lists no exercises has every exercise
/// folder under its own (`course::conventions`), so its text comes back
/// unchanged.
pub fn add_to_course(src: &str, module: &str, id: &str) -> Result<(String, bool), String> {
    let doc = DeTable::parse(src).map_err(|e| format!("does not parse: {e}"))?;
    let mut target = None;
    if let Some(modules) = doc.get_ref().get("module") {
        let DeValue::Array(entries) = modules.get_ref() else {
            return Err(CANNOT_EDIT.into());
        };
        for entry in entries.iter() {
            let DeValue::Table(table) = entry.get_ref() else {
                return Err(CANNOT_EDIT.into());
            };
            if str_list(table, "exercises").any(|e| e == id) {
                return Err(format!(
                    "exercise {id:?} is already listed; parlab new never overwrites"
                ));
            }
            let is_module = table.get("id").and_then(|v| v.get_ref().as_str()) == Some(module);
            if is_module && target.is_none() {
                target = Some(table);
            }
        }
    }
    let item = format!("\"{id}\"");
    let (new, new_module) = match target {
        Some(table) => (insert_in_module(src, table, &item)?, false),
        None => (append_module(src, module, &item), true),
    };
    if new != src {
        verify_course(src, &new, module, id, new_module)?;
    }
    Ok((new, new_module))
}

fn str_list<'a>(table: &'a DeTable<'_>, key: &str) -> impl Iterator<Item = &'a str> {
    let items = match table.get(key).map(|v| v.get_ref()) {
        Some(DeValue::Array(items)) => items.iter().collect(),
        _ => Vec::new(),
    };
    items.into_iter().filter_map(|v| v.get_ref().as_str())
}

fn insert_in_module(src: &str, table: &DeTable<'_>, item: &str) -> Result<String, String> {
    match table.get("exercises") {
        Some(value) => {
            let DeValue::Array(items) = value.get_ref() else {
                return Err("the module's `exercises` is not a list".into());
            };
            let last = items.iter().last().map(|v| v.span());
            Ok(push_to_array(src, value.span(), last, item))
        }
        // A module without a list has every exercise folder: the new one
        // too, with no edit.
        None => Ok(src.to_owned()),
    }
}

/// Adds `item` as the last element of the array spanning `array` (from `[`
/// to `]`), in the array's own layout: one element a line with the last
/// element's indent when it spans lines, else inline.
fn push_to_array(src: &str, array: Range<usize>, last: Option<Range<usize>>, item: &str) -> String {
    let close = array.end - 1;
    let close_line = line_start(src, close);
    let on_own_line = src[close_line..close].trim().is_empty() && close_line > array.start;
    let Some(last) = last else {
        return if on_own_line {
            splice(src, &[(close_line, format!("    {item},\n"))])
        } else {
            splice(src, &[(array.start + 1, item.to_owned())])
        };
    };
    let after = &src[last.end..close];
    let comma = after
        .find(|c: char| !c.is_whitespace())
        .filter(|&i| after[i..].starts_with(','))
        .map(|i| last.end + i);
    if on_own_line && after.contains('\n') {
        let indent: String = src[line_start(src, last.start)..]
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        let mut edits = vec![(close_line, format!("{indent}{item},\n"))];
        if comma.is_none() {
            edits.push((last.end, ",".to_owned()));
        }
        splice(src, &edits)
    } else {
        match comma {
            Some(at) => splice(src, &[(at + 1, format!(" {item},"))]),
            None => splice(src, &[(last.end, format!(", {item}"))]),
        }
    }
}

fn append_module(src: &str, module: &str, item: &str) -> String {
    let block = format!(
        "[[module]]\nid = \"{module}\"\ntitle = \"{module}\"\nlessons = []\nexercises = [\n    {item},\n]\n"
    );
    append_block(src, &block)
}

/// `src` with `block` appended after one blank line.
fn append_block(src: &str, block: &str) -> String {
    let sep = if src.is_empty() || src.ends_with("\n\n") {
        ""
    } else if src.ends_with('\n') {
        "\n"
    } else {
        "\n\n"
    };
    format!("{src}{sep}{block}")
}

/// The start of the line that holds byte `at`.
fn line_start(src: &str, at: usize) -> usize {
    src[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// `src` with each text inserted at its byte offset.
fn splice(src: &str, edits: &[(usize, String)]) -> String {
    let mut edits: Vec<&(usize, String)> = edits.iter().collect();
    edits.sort_by_key(|(at, _)| std::cmp::Reverse(*at));
    let mut out = src.to_owned();
    for (at, text) in edits {
        out.insert_str(*at, text);
    }
    out
}

/// The edited course.toml must read as the old one plus exactly this change.
fn verify_course(
    old: &str,
    new: &str,
    module: &str,
    id: &str,
    new_module: bool,
) -> Result<(), String> {
    let mut want: toml::Table = toml::from_str(old).map_err(|e| format!("does not parse: {e}"))?;
    let got: Option<toml::Table> = toml::from_str(new).ok();
    let modules = want
        .entry("module")
        .or_insert_with(|| toml::Value::Array(Vec::new()));
    if let Some(modules) = modules.as_array_mut() {
        if new_module {
            let mut table = toml::Table::new();
            table.insert("id".into(), module.into());
            table.insert("title".into(), module.into());
            table.insert("lessons".into(), toml::Value::Array(Vec::new()));
            table.insert("exercises".into(), toml::Value::Array(vec![id.into()]));
            modules.push(table.into());
        } else if let Some(list) = modules
            .iter_mut()
            .filter_map(toml::Value::as_table_mut)
            .find(|t| t.get("id").and_then(|v| v.as_str()) == Some(module))
            .and_then(|t| t.get_mut("exercises"))
            .and_then(toml::Value::as_array_mut)
        {
            list.push(id.into());
        }
    }
    if got.as_ref() == Some(&want) {
        Ok(())
    } else {
        Err(CANNOT_EDIT.into())
    }
}

/// `exercises/Cargo.toml` with a `[[bin]]` for the exercise appended; the
/// rest of the text is kept byte for byte.
pub fn add_bin(src: &str, bin: &str, path: &str, features: &[&str]) -> Result<String, String> {
    let old: toml::Table = toml::from_str(src).map_err(|e| format!("does not parse: {e}"))?;
    let bins = match old.get("bin") {
        None => Vec::new(),
        Some(toml::Value::Array(bins)) => bins.clone(),
        Some(_) => return Err("`bin` is not a list of [[bin]] tables".into()),
    };
    for b in &bins {
        if b.get("name").and_then(|v| v.as_str()) == Some(bin) {
            return Err(format!(
                "there is already a [[bin]] named {bin:?}; parlab new never overwrites"
            ));
        }
        if b.get("path").and_then(|v| v.as_str()) == Some(path) {
            return Err(format!(
                "there is already a [[bin]] with the path {path:?}; parlab new never overwrites"
            ));
        }
    }
    let required = if features.is_empty() {
        String::new()
    } else {
        let quoted: Vec<String> = features.iter().map(|f| format!("\"{f}\"")).collect();
        format!("required-features = [{}]\n", quoted.join(", "))
    };
    let new = append_block(
        src,
        &format!("[[bin]]\nname = \"{bin}\"\npath = \"{path}\"\n{required}"),
    );
    let mut want = old;
    let mut entry = toml::Table::new();
    entry.insert("name".into(), bin.into());
    entry.insert("path".into(), path.into());
    if !features.is_empty() {
        let list = features.iter().map(|f| toml::Value::from(*f)).collect();
        entry.insert("required-features".into(), toml::Value::Array(list));
    }
    let mut all = bins;
    all.push(entry.into());
    want.insert("bin".into(), all.into());
    if toml::from_str::<toml::Table>(&new).ok() == Some(want) {
        Ok(new)
    } else {
        Err(format!(
            "cannot add a [[bin]] named {bin:?} automatically; add it by hand"
        ))
    }
}

const CANNOT_EDIT: &str = "cannot add the exercise to this file automatically (its layout is unusual); add the id to the module's `exercises` list by hand";
