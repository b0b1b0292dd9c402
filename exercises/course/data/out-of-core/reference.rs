//! Reference solution for data/out-of-core: the calling thread reads
//! chunks, cut after their last newline, and sends them down a bounded
//! channel to `workers` threads that parse them into tables of their own;
//! the tables are merged at the end. The channel holds at most `workers`
//! chunks, so while the parsers are busy the reader waits instead of filling
//! memory: at most 2 x workers + 1 chunks exist at any time, and the chunk
//! size is chosen so that they take about 24 MB together, on any number of
//! workers.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;
use std::sync::{Mutex, mpsc};
use std::thread;

use crate::{KEYS, Stats};

/// What all chunks in flight may take together.
const IN_FLIGHT_BYTES: usize = 24 << 20;

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

/// Reads `file` in chunks of whole lines, without the header, and hands each
/// to `send`; stops early when `send` returns false.
fn read_chunks(
    file: &mut File,
    chunk_bytes: usize,
    mut send: impl FnMut(Vec<u8>) -> bool,
) -> io::Result<()> {
    let mut carry: Vec<u8> = Vec::new();
    let mut header = true;
    loop {
        let mut chunk = Vec::with_capacity(chunk_bytes.max(carry.len() * 2));
        chunk.append(&mut carry);
        let start = chunk.len();
        chunk.resize(chunk.capacity(), 0);
        let read = file.read(&mut chunk[start..])?;
        chunk.truncate(start + read);
        if read > 0 {
            // Keep the unfinished last line for the next chunk.
            let end = chunk.iter().rposition(|&b| b == b'\n').map_or(0, |n| n + 1);
            carry = chunk.split_off(end);
        }
        if header && let Some(newline) = chunk.iter().position(|&b| b == b'\n') {
            chunk.drain(..=newline);
            header = false;
        }
        if !chunk.is_empty() && !send(chunk) {
            return Ok(());
        }
        if read == 0 {
            return Ok(());
        }
    }
}

pub fn aggregate(path: &Path, workers: usize) -> io::Result<Vec<Stats>> {
    let mut file = File::open(path)?;
    let workers = workers.max(1);
    let chunk_bytes = (IN_FLIGHT_BYTES / (2 * workers + 1)).clamp(64 << 10, 4 << 20);
    let (chunk_tx, chunk_rx) = mpsc::sync_channel::<Vec<u8>>(workers);
    let chunk_rx = Mutex::new(chunk_rx);
    thread::scope(|s| {
        let parsers: Vec<_> = (0..workers)
            .map(|_| {
                s.spawn(|| {
                    let mut stats = vec![Stats::EMPTY; KEYS];
                    loop {
                        let next = chunk_rx.lock().unwrap().recv();
                        let Ok(chunk) = next else { break };
                        for line in chunk.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
                            let (key, value) = parse_line(line);
                            stats[key].add(value);
                        }
                    }
                    stats
                })
            })
            .collect();
        let read = read_chunks(&mut file, chunk_bytes, |chunk| chunk_tx.send(chunk).is_ok());
        // Closing the channel ends the parsers' loops.
        drop(chunk_tx);
        let mut total = vec![Stats::EMPTY; KEYS];
        for parser in parsers {
            for (sum, part) in total.iter_mut().zip(parser.join().unwrap()) {
                sum.merge(&part);
            }
        }
        read.map(|()| total)
    })
}
