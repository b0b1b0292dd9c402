use super::*;

const ORIGINAL: &str = "pub fn solve(workers: usize) -> u64 {
    let chunk = crate::ITEMS.div_ceil(workers as u64);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers as u64)
            .map(|w| {
                s.spawn(move || {
                    let end = ((w + 1) * chunk).min(crate::ITEMS);
                    (w * chunk..end).map(crate::work).sum::<u64>()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    })
}
";

/// The original with its names changed, its lines moved and a comment.
const RENAMED: &str = "// all my own work
pub fn solve(n: usize) -> u64
{
    let size = crate::ITEMS.div_ceil(n as u64);

    std::thread::scope(|sc| {
        let hs: Vec<_> = (0..n as u64).map(|t| {
            sc.spawn(move || {
                let hi = ((t + 1) * size).min(crate::ITEMS);
                (t * size..hi).map(crate::work).sum::<u64>()
            })
        }).collect();
        hs.into_iter().map(|x| x.join().unwrap()).sum()
    })
}
";

const OTHER: &str = "use std::sync::atomic::{AtomicU64, Ordering};
pub fn solve(workers: usize) -> u64 {
    let total = AtomicU64::new(0);
    std::thread::scope(|s| {
        for id in 0..workers {
            let total = &total;
            s.spawn(move || {
                let mut i = id as u64;
                while i < crate::ITEMS {
                    total.fetch_add(crate::work(i), Ordering::Relaxed);
                    i += workers as u64;
                }
            });
        }
    });
    total.into_inner()
}
";

fn prints(text: &str) -> Vec<Fingerprint> {
    fingerprints(text, Language::Rust)
}

#[test]
fn renamed_names_moved_lines_and_comments_change_no_token() {
    let hashes = |text| -> Vec<u64> {
        tokens(text, Language::Rust)
            .iter()
            .map(|t| t.hash)
            .collect()
    };
    assert_eq!(hashes(ORIGINAL), hashes(RENAMED));
    assert_ne!(hashes(ORIGINAL), hashes(OTHER));
    let lines: Vec<usize> = tokens("a\n/* x\ny */ b \"s\ns\" c", Language::Rust)
        .iter()
        .map(|t| t.line)
        .collect();
    assert_eq!(lines, [1, 3, 3, 4]);
    let python = tokens("x = 1  # note\ny = 'two'\n", Language::Python);
    assert_eq!(python.len(), 6);
}

#[test]
fn a_copy_is_all_shared_and_another_solution_little() {
    let (copy, shared, regions) = compare(&prints(ORIGINAL), &prints(RENAMED));
    assert_eq!(copy, 1.0);
    assert!(shared >= MIN_FINGERPRINTS, "{shared}");
    assert_eq!(regions.len(), 1, "{regions:?}");
    assert_eq!(regions[0].a.0, 1);
    assert!((13..=15).contains(&regions[0].b.1), "{regions:?}");
    let (other, _, _) = compare(&prints(ORIGINAL), &prints(OTHER));
    assert!(other < 0.5, "{other}");
}

#[test]
fn winnowing_keeps_a_fingerprint_in_every_window() {
    let all = prints(ORIGINAL);
    let grams = tokens(ORIGINAL, Language::Rust).len() - K + 1;
    assert!(
        all.len() >= grams / W && all.len() < grams,
        "{} of {grams}",
        all.len()
    );
    assert!(prints("").is_empty());
    assert_eq!(prints("fn f() {}").len(), 0, "fewer tokens than a k-gram");
    assert_eq!(prints("fn f(a: u8) -> u8 { a }").len(), 1);
}

#[test]
fn the_starters_code_does_not_count() {
    let starter = "pub fn solve(workers: usize) -> u64 {\n    todo!(\"sum it\")\n}\n";
    let base = prints(starter);
    let a = without_starter(prints(&format!("{starter}\n// a\n")), &base);
    assert!(a.is_empty(), "{a:?}");
    let kept = without_starter(prints(ORIGINAL), &base);
    assert!(!kept.is_empty() && kept.len() <= prints(ORIGINAL).len());
}

#[test]
fn pairs_rank_by_similarity_then_by_what_they_share() {
    let file = |student: &str, text: &str| Submitted {
        student: student.into(),
        file: format!("{student}/sum.rs"),
        prints: prints(text),
    };
    let files = [
        file("amy", ORIGINAL),
        file("cal", OTHER),
        file("ben", RENAMED),
    ];
    let ranked = ranked(pairs("class/sum", &files));
    let first = &ranked[0];
    assert_eq!((first.a.as_str(), first.b.as_str()), ("amy", "ben"));
    assert_eq!(first.similarity, 1.0);
    let report = Report {
        caveat: CAVEAT,
        students: 3,
        pairs: ranked,
        too_short: [("class/seeded".to_owned(), vec!["dan".to_owned()])].into(),
    };
    let text = text(&report);
    assert!(text.contains("not an accusation"), "{text}");
    assert!(
        text.contains("1. class/sum: amy and ben, 100%")
            && text.contains("amy/sum.rs lines 1-13  ~  ben/sum.rs lines 2-14"),
        "{text}"
    );
    assert!(text.contains("class/seeded: too short to compare"));
}

#[test]
fn a_few_alike_lines_rank_below_a_whole_copied_program() {
    let pair = |similarity, shared| Pair {
        exercise: "x".into(),
        a: "a".into(),
        b: "b".into(),
        a_file: String::new(),
        b_file: String::new(),
        similarity,
        shared,
        regions: Vec::new(),
    };
    let short = pair(1.0, 9);
    let long = pair(0.95, 60);
    assert!(weight(&long) > weight(&short));
    let ranked = ranked(vec![short.clone(), long.clone()]);
    assert_eq!(ranked, [long, short]);
    assert_eq!(weight(&pair(1.0, 10)), 0.5);
}
