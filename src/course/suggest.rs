//! "Did you mean ...?": the known ids nearest to one that was not found, by
//! edit distance, for the messages of `show`, `check`, `hint`, `reset` and
//! `demo`. Pure: it only compares strings.

/// At most three of `known` that are close to `wanted`, nearest first (ties
/// in the order given). Close means an edit distance of at most a third of
/// the longer id (at least 2), or the same last segment (`pi` for
/// `threads/pi`), or a known id that contains the one wanted.
pub fn nearest<'a>(wanted: &str, known: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let wanted = wanted.to_lowercase();
    let last = |s: &str| s.rsplit('/').next().unwrap_or(s).to_owned();
    let mut scored: Vec<(usize, usize, &str)> = known
        .into_iter()
        .enumerate()
        .filter_map(|(order, id)| {
            let lower = id.to_lowercase();
            let distance = edit_distance(&wanted, &lower);
            let limit = (wanted.chars().count().max(lower.chars().count()) / 3).max(2);
            let related =
                last(&lower) == last(&wanted) || (!wanted.is_empty() && lower.contains(&wanted));
            (distance <= limit || related).then_some((distance, order, id))
        })
        .collect();
    scored.sort_by_key(|&(distance, order, _)| (distance, order));
    let mut out: Vec<&str> = Vec::new();
    for (_, _, id) in scored {
        if !out.contains(&id) && out.len() < 3 {
            out.push(id);
        }
    }
    out
}

/// The words of a "did you mean" clause: `did you mean "a" or "b"?`, or
/// `None` when nothing is near.
pub fn did_you_mean(near: &[&str]) -> Option<String> {
    let quoted: Vec<String> = near.iter().map(|id| format!("{id:?}")).collect();
    match quoted.as_slice() {
        [] => None,
        [one] => Some(format!("did you mean {one}?")),
        [rest @ .., last] => Some(format!("did you mean {} or {last}?", rest.join(", "))),
    }
}

/// Levenshtein distance over characters: insertions, deletions and
/// substitutions each cost one.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let above = row.get(j + 1).copied().unwrap_or(0);
            let left = row.get(j).copied().unwrap_or(0);
            let cost = usize::from(ca != *cb);
            let best = (diagonal + cost).min(above + 1).min(left + 1);
            diagonal = above;
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = best;
            }
        }
    }
    row.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const IDS: [&str; 6] = [
        "threads/pi",
        "threads/histogram",
        "threads/why-threads",
        "mpi/pi",
        "processes/squares",
        "data/wordcount",
    ];

    #[test]
    fn edit_distance_counts_single_edits() {
        assert_eq!(edit_distance("", ""), 0);
        assert_eq!(edit_distance("abc", ""), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("threads/pi", "threads/pi"), 0);
        assert_eq!(edit_distance("thread/pi", "threads/pi"), 1);
        assert_eq!(edit_distance("héllo", "hello"), 1, "characters, not bytes");
    }

    #[test]
    fn a_typo_finds_its_id_first() {
        assert_eq!(nearest("thread/pi", IDS)[0], "threads/pi");
        assert_eq!(nearest("threads/histogran", IDS), ["threads/histogram"]);
        assert_eq!(nearest("data/wordcont", IDS), ["data/wordcount"]);
        assert_eq!(nearest("Threads/PI", IDS)[0], "threads/pi");
    }

    #[test]
    fn a_lesson_file_name_finds_its_id() {
        // The `NN-` prefix and `.md` are not part of a lesson id.
        assert_eq!(
            nearest("threads/01-why-threads.md", IDS),
            ["threads/why-threads"]
        );
    }

    #[test]
    fn a_bare_name_finds_every_id_that_ends_with_it() {
        assert_eq!(nearest("pi", IDS), ["mpi/pi", "threads/pi"]);
        assert_eq!(nearest("squares", IDS), ["processes/squares"]);
    }

    #[test]
    fn nothing_near_is_nothing() {
        assert!(nearest("zzzzzzzz", IDS).is_empty());
        assert!(nearest("x", []).is_empty());
        assert!(
            nearest("threads/zzzzzzzzzzzz", IDS).is_empty(),
            "a module alone is not near"
        );
        assert_eq!(did_you_mean(&[]), None);
    }

    #[test]
    fn at_most_three_nearest_first() {
        let ids = ["a/bcd", "a/bce", "a/bcf", "a/bcg", "a/bc"];
        assert_eq!(nearest("a/bc", ids), ["a/bc", "a/bcd", "a/bce"]);
    }

    #[test]
    fn the_clause_reads_as_a_sentence() {
        assert_eq!(
            did_you_mean(&["threads/pi"]).as_deref(),
            Some("did you mean \"threads/pi\"?")
        );
        assert_eq!(
            did_you_mean(&["mpi/pi", "threads/pi"]).as_deref(),
            Some("did you mean \"mpi/pi\" or \"threads/pi\"?")
        );
        assert_eq!(
            did_you_mean(&["a", "b", "c"]).as_deref(),
            Some("did you mean \"a\", \"b\" or \"c\"?")
        );
    }
}
