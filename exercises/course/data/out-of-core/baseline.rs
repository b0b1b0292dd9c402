//! Serial baseline for data/out-of-core: one thread, one 4 MB buffer reused
//! for every chunk, the unfinished line at the end of a chunk moved to the
//! front of the buffer before the next read.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use crate::{KEYS, Stats};

const CHUNK: usize = 4 << 20;

fn parse_line(line: &[u8]) -> (usize, i64) {
    let comma = line
        .iter()
        .position(|&b| b == b',')
        .expect("a comma in every line");
    let key = line[..comma]
        .iter()
        .fold(0usize, |k, &d| k * 10 + usize::from(d - b'0'));
    let (negative, digits) = match &line[comma + 1..] {
        [b'-', rest @ ..] => (true, rest),
        rest => (false, rest),
    };
    let value = digits
        .iter()
        .fold(0i64, |v, &d| v * 10 + i64::from(d - b'0'));
    (key, if negative { -value } else { value })
}

pub fn aggregate(path: &Path, _workers: usize) -> io::Result<Vec<Stats>> {
    let mut file = File::open(path)?;
    let mut stats = vec![Stats::EMPTY; KEYS];
    let mut buffer = vec![0u8; CHUNK];
    let mut kept = 0; // bytes of an unfinished line at the front of `buffer`
    let mut header = true;
    loop {
        let read = file.read(&mut buffer[kept..])?;
        let filled = kept + read;
        // At the end of the file, the last line is complete without a newline.
        let end = if read == 0 {
            filled
        } else {
            match buffer[..filled].iter().rposition(|&b| b == b'\n') {
                Some(newline) => newline + 1,
                None => {
                    assert!(filled < CHUNK, "a line longer than the buffer");
                    kept = filled;
                    continue;
                }
            }
        };
        for line in buffer[..end].split(|&b| b == b'\n') {
            if header {
                header = false;
            } else if !line.is_empty() {
                let (key, value) = parse_line(line);
                stats[key].add(value);
            }
        }
        if read == 0 {
            return Ok(stats);
        }
        buffer.copy_within(end..filled, 0);
        kept = filled - end;
    }
}
