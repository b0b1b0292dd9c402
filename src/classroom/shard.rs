//! Splitting a class between machines: `parlab grade --shard K/N` grades
//! the students of shard K of N only, so that N grading jobs (a Slurm job
//! array, one exclusive node each) share a class without sharing a machine.
//!
//! A student's shard comes from a hash of their folder's name, not from
//! their place in the list: every job agrees on it without talking to the
//! others, and a student who hands in late lands in the same shard as on
//! any other day. Each job writes its students' grades into the one output
//! folder, and builds in a folder of its own; `parlab grade --merge` then
//! writes the gradebook and the exports from every stored grade.

use std::fmt;

use anyhow::{Result, bail};

/// Shard `index` (from 1) of `count`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    pub index: usize,
    pub count: usize,
}

impl Shard {
    /// Reads `K/N`, with 1 <= K <= N.
    pub fn parse(text: &str) -> Result<Shard> {
        let Some((k, n)) = text.split_once('/') else {
            bail!("--shard takes K/N, shard K of N (such as 2/8); got {text:?}");
        };
        let (Ok(index), Ok(count)) = (k.trim().parse::<usize>(), n.trim().parse::<usize>()) else {
            bail!("--shard takes K/N with whole numbers (such as 2/8); got {text:?}");
        };
        if count == 0 || index == 0 || index > count {
            bail!("--shard K/N needs 1 <= K <= N (shards count from 1); got {text:?}");
        }
        Ok(Shard { index, count })
    }

    /// Whether `student` is graded in this shard.
    pub fn holds(&self, student: &str) -> bool {
        // FNV-1a: stable across machines, versions and runs, unlike the
        // standard library's randomly seeded hasher.
        let hash = student.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        });
        hash % self.count as u64 == (self.index - 1) as u64
    }

    /// `shard-K-of-N`, for this shard's own files in the output folder.
    pub fn label(&self) -> String {
        format!("shard-{}-of-{}", self.index, self.count)
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn k_of_n_is_read_and_checked() {
        assert_eq!(Shard::parse("2/8").unwrap(), Shard { index: 2, count: 8 });
        assert_eq!(Shard::parse(" 1 / 1 ").unwrap().to_string(), "1/1");
        for bad in ["0/2", "3/2", "1/0", "2", "a/b", "-1/2", ""] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn every_student_is_in_exactly_one_shard_and_always_the_same() {
        let names: Vec<String> = (0..500).map(|i| format!("student-{i:03}")).collect();
        for count in [1, 2, 3, 7] {
            let shards: Vec<Shard> = (1..=count).map(|index| Shard { index, count }).collect();
            let mut sizes = vec![0; count];
            for name in &names {
                let holding: Vec<usize> = shards
                    .iter()
                    .filter(|s| s.holds(name))
                    .map(|s| s.index)
                    .collect();
                assert_eq!(holding.len(), 1, "{name} in {holding:?} of {count}");
                sizes[holding[0] - 1] += 1;
            }
            // Even enough: no shard has under half its share.
            let share = names.len() / count;
            assert!(sizes.iter().all(|&s| s * 2 >= share), "{sizes:?}");
        }
        // The same name, the same shard, whatever the order of the class.
        let s = Shard { index: 1, count: 2 };
        assert_eq!(s.holds("ada"), s.holds("ada"));
        assert_eq!(Shard { index: 1, count: 3 }.label(), "shard-1-of-3");
    }
}
