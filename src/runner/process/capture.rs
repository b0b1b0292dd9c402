//! A run's output: two reader threads send what the program writes, in
//! chunks, over one bounded channel, and [`Capture`] keeps it up to the cap
//! (standard output and standard error together), showing each kept chunk
//! to the caller's sink as it arrives. Whatever the program writes, what is
//! held is bounded by the cap plus the channel's few chunks.

use std::io::{self, Read};
use std::process::Child;
use std::sync::mpsc::{Receiver, SyncSender};
use std::thread;
use std::time::{Duration, Instant};

/// How long output may keep arriving after the leader has exited.
const DRAIN: Duration = Duration::from_millis(300);

/// A chunk of output as the reader threads send it.
pub(super) type Chunk = (Stream, Vec<u8>);

/// Which pipe a chunk of output came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Out,
    Err,
}

/// Output kept so far, never more than the cap, with what the run loop
/// learned about the process tree on the way.
pub(super) struct Capture {
    pub(super) stdout: Vec<u8>,
    pub(super) stderr: Vec<u8>,
    cap: usize,
    pub(super) peak_rss: Option<u64>,
    pub(super) sampled: Instant,
    /// Every descendant seen while the run lasted, with its start time.
    pub(super) seen: Vec<(u32, u64)>,
    /// The leader's CPU time with its waited-for children, read when it
    /// exited (before it is reaped).
    pub(super) cpu_seconds: Option<f64>,
}

impl Capture {
    /// Nothing kept yet; the tree is first sampled [`SAMPLE`](super::wait::SAMPLE)
    /// after `start`.
    pub(super) fn new(cap: usize, start: Instant) -> Self {
        Self {
            stdout: Vec::new(),
            stderr: Vec::new(),
            cap,
            peak_rss: None,
            sampled: start,
            seen: Vec::new(),
            cpu_seconds: None,
        }
    }

    /// Keeps what fits and shows it to `sink`; false when the cap was passed.
    pub(super) fn push(
        &mut self,
        stream: Stream,
        bytes: &[u8],
        sink: &mut dyn FnMut(Stream, &[u8]),
    ) -> bool {
        let room = self.cap - (self.stdout.len() + self.stderr.len());
        let keep = &bytes[..bytes.len().min(room)];
        if !keep.is_empty() {
            sink(stream, keep);
        }
        match stream {
            Stream::Out => self.stdout.extend_from_slice(keep),
            Stream::Err => self.stderr.extend_from_slice(keep),
        }
        keep.len() == bytes.len()
    }
}

/// Takes what is still in flight once the group is gone; true if any of it
/// did not fit under the cap.
pub(super) fn drain(
    rx: &Receiver<Chunk>,
    capture: &mut Capture,
    sink: &mut dyn FnMut(Stream, &[u8]),
) -> bool {
    let deadline = Instant::now() + DRAIN;
    let mut overflowed = false;
    while let Ok((stream, bytes)) =
        rx.recv_timeout(deadline.saturating_duration_since(Instant::now()))
    {
        overflowed |= !capture.push(stream, &bytes, sink);
    }
    overflowed
}

/// Starts a thread for each of the child's output pipes, sending to `tx`.
pub(super) fn spawn_readers(child: &mut Child, tx: SyncSender<Chunk>) -> io::Result<()> {
    let not_piped = || io::Error::other("the child's output is not piped");
    let stdout = child.stdout.take().ok_or_else(not_piped)?;
    let stderr = child.stderr.take().ok_or_else(not_piped)?;
    let tx2 = tx.clone();
    thread::Builder::new()
        .name("run-stdout".into())
        .spawn(move || pump(stdout, Stream::Out, tx))?;
    thread::Builder::new()
        .name("run-stderr".into())
        .spawn(move || pump(stderr, Stream::Err, tx2))?;
    Ok(())
}

/// Reads a pipe to its end in chunks; stops early if nobody listens.
fn pump(mut pipe: impl Read, stream: Stream, tx: SyncSender<Chunk>) {
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match pipe.read(&mut buf) {
            Ok(0) => return,
            Ok(n) => {
                if tx.send((stream, buf[..n].to_vec())).is_err() {
                    return;
                }
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return,
        }
    }
}
