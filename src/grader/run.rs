//! Judging one run: did it end well, what did it report, is that correct.

use serde::Serialize;
use serde_json::Value;

use super::compare::{compare, observed};
use crate::course::Check;
use crate::runner::{Ending, RunOutput};

/// Prefix of the harness's result line (see the support crate).
pub const RESULT_MARKER: &str = "@@parlab-result ";

/// What one run amounted to.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum RunVerdict {
    Correct {
        result: Value,
        seconds: f64,
    },
    Wrong {
        result: Value,
        seconds: f64,
        why: String,
    },
    /// Exited cleanly without a result line.
    NoResult,
    Crashed {
        how: String,
    },
    TimedOut,
    OutputLimit,
    Cancelled,
    /// The run's report cannot be believed: a result line the harness did
    /// not write, a second result, or the harness's guards were tripped.
    Rejected {
        why: String,
    },
}

impl RunVerdict {
    /// The observed value of a run that finished with a result.
    pub fn value(&self) -> Option<&Value> {
        match self {
            RunVerdict::Correct { result, .. } | RunVerdict::Wrong { result, .. } => Some(result),
            _ => None,
        }
    }

    /// The harness's kernel time of a run that finished with a result.
    pub fn seconds(&self) -> Option<f64> {
        match self {
            RunVerdict::Correct { seconds, .. } | RunVerdict::Wrong { seconds, .. } => {
                Some(*seconds)
            }
            _ => None,
        }
    }
}

/// The harness's report, parsed from its line.
#[derive(Clone, Debug, PartialEq)]
pub struct Reported {
    pub result: Value,
    pub seconds: f64,
    /// CPU time of the kernel, all threads, where the harness could measure it.
    pub cpu_seconds: Option<f64>,
    /// The seed the input was drawn from, when the workbench chose it.
    pub seed: Option<u64>,
    /// Why the harness's guards say the report cannot be trusted.
    pub tampered: Option<String>,
    /// The Dask cluster the run used, as the harness names it.
    pub cluster: Option<String>,
}

/// What the result lines of a run's standard output amount to.
#[derive(Clone, Debug, PartialEq)]
pub enum ResultLines {
    /// No result line at all.
    Missing,
    /// One result line, signed with the run's key (or any, without a key).
    One(Reported),
    /// A signed line that does not parse: a fault of the course's harness.
    Unreadable(String),
    /// Lines that cannot be believed, and why.
    Forged(String),
}

/// Reads the result lines. With `key`, a line counts only when its
/// signature is the HMAC-SHA-256 of its JSON under that key; any other line
/// that carries the marker was written by something other than the harness.
/// Without a key (the course's own demos), the last line counts.
pub fn read_result(stdout: &str, key: Option<&[u8]>) -> ResultLines {
    let lines: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l.find(RESULT_MARKER).map(|i| &l[i + RESULT_MARKER.len()..]))
        .collect();
    let Some(key) = key else {
        return match lines.last() {
            None => ResultLines::Missing,
            Some(line) => parse_json(split_signature(line).0),
        };
    };
    let mut signed = Vec::new();
    for line in &lines {
        let (json, signature) = split_signature(line);
        if signature != Some(hmac_hex(key, json.as_bytes()).as_str()) {
            return ResultLines::Forged(format!(
                "a result line that the harness did not write: {RESULT_MARKER}{}",
                quote(line)
            ));
        }
        signed.push(json);
    }
    match signed.as_slice() {
        [] => ResultLines::Missing,
        [json] => parse_json(json),
        _ => ResultLines::Forged(format!(
            "{} result lines where the harness writes one",
            signed.len()
        )),
    }
}

/// The JSON and the signature after its last space, if there is one: 64
/// hex digits, or `unsigned`. JSON written with spaces (Python's default)
/// has no such last word.
fn split_signature(line: &str) -> (&str, Option<&str>) {
    let line = line.trim_end();
    match line.rsplit_once(' ') {
        Some((json, sig))
            if sig == "unsigned"
                || (sig.len() == 64 && sig.bytes().all(|b| b.is_ascii_hexdigit())) =>
        {
            (json, Some(sig))
        }
        _ => (line, None),
    }
}

fn parse_json(json: &str) -> ResultLines {
    let parsed: Value = match serde_json::from_str(json) {
        Ok(v) => v,
        Err(e) => return ResultLines::Unreadable(format!("the result line does not parse: {e}")),
    };
    let seconds = parsed.get("seconds").and_then(Value::as_f64);
    match (parsed.get("result"), seconds) {
        (Some(result), Some(seconds)) => ResultLines::One(Reported {
            result: result.clone(),
            seconds,
            cpu_seconds: parsed.get("cpu_seconds").and_then(Value::as_f64),
            seed: parsed
                .get("seed")
                .and_then(Value::as_str)
                .and_then(|s| s.parse().ok()),
            tampered: parsed
                .get("tampered")
                .and_then(Value::as_str)
                .map(str::to_owned),
            cluster: parsed
                .get("cluster")
                .and_then(Value::as_str)
                .map(str::to_owned),
        }),
        _ => ResultLines::Unreadable("the result line lacks \"result\" or \"seconds\"".into()),
    }
}

/// HMAC-SHA-256 (RFC 2104) as lowercase hex, as the support library signs.
pub fn hmac_hex(key: &[u8], message: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let mut block = [0u8; 64];
    if key.len() > 64 {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| block.iter().map(|k| k ^ byte).collect::<Vec<u8>>();
    let inner = Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(message)
        .finalize();
    let outer = Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize();
    crate::hex::encode(&outer)
}

/// A line of the program's output, shortened and with control characters
/// shown as `?`, for a message.
fn quote(line: &str) -> String {
    let clean: String = line
        .chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect();
    match clean.char_indices().nth(100) {
        Some((i, _)) => format!("{}...", &clean[..i]),
        None => clean,
    }
}

/// The last result line in `stdout` without checking a signature (the
/// course's own demos): `Err` if it does not parse.
pub fn parse_result(stdout: &str) -> Option<Result<Reported, String>> {
    match read_result(stdout, None) {
        ResultLines::Missing => None,
        ResultLines::One(r) => Some(Ok(r)),
        ResultLines::Unreadable(why) | ResultLines::Forged(why) => Some(Err(why)),
    }
}

/// The program's own output lines: standard output without result lines.
pub fn output_lines(stdout: &str) -> Vec<&str> {
    stdout
        .lines()
        .filter(|l| !l.contains(RESULT_MARKER))
        .collect()
}

/// Judges one run against the check. With `key`, only a result line signed
/// with it counts (see [`read_result`]).
pub fn judge_run(check: &Check, out: &RunOutput, key: Option<&[u8]>) -> RunVerdict {
    match out.ending {
        Ending::TimedOut => return RunVerdict::TimedOut,
        Ending::OutputLimit => return RunVerdict::OutputLimit,
        Ending::Cancelled => return RunVerdict::Cancelled,
        Ending::Exited { code } if code != 0 => {
            let how = match panic_message(&out.stderr) {
                Some(msg) => format!("panicked: {msg}"),
                None => format!("exited with code {code}"),
            };
            return RunVerdict::Crashed { how };
        }
        Ending::Signaled { .. } if out.stderr.contains("memory allocation of") => {
            return RunVerdict::Crashed {
                how: "ran out of memory: an allocation failed at the memory limit (three quarters of this machine's memory)".into(),
            };
        }
        Ending::Signaled { signal } => {
            return RunVerdict::Crashed {
                how: format!("was killed by {}", signal_name(signal)),
            };
        }
        Ending::Exited { .. } => {}
    }
    let reported = match read_result(&out.stdout, key) {
        ResultLines::Missing => return RunVerdict::NoResult,
        ResultLines::Forged(why) => return RunVerdict::Rejected { why },
        ResultLines::One(Reported {
            tampered: Some(why),
            ..
        }) => {
            return RunVerdict::Rejected {
                why: format!("the harness's guards were tripped: {why}"),
            };
        }
        ResultLines::Unreadable(why) => {
            return RunVerdict::Wrong {
                result: Value::Null,
                seconds: 0.0,
                why,
            };
        }
        ResultLines::One(r) => r,
    };
    let value = observed(check, &reported.result, &output_lines(&out.stdout));
    match compare(check, &value) {
        Ok(()) => RunVerdict::Correct {
            result: value,
            seconds: reported.seconds,
        },
        Err(why) => RunVerdict::Wrong {
            result: value,
            seconds: reported.seconds,
            why,
        },
    }
}

/// The message of the first panic in Rust's standard panic output.
pub fn panic_message(stderr: &str) -> Option<String> {
    let mut lines = stderr.lines();
    lines.find(|l| l.contains("panicked at"))?;
    let message: Vec<&str> = lines
        .take_while(|l| !l.starts_with("note:") && !l.starts_with("stack backtrace"))
        .collect();
    let message = message.join("\n").trim().to_owned();
    Some(if message.is_empty() {
        "(no message)".into()
    } else {
        message
    })
}

pub fn signal_name(signal: i32) -> String {
    let name = match signal {
        1 => "SIGHUP",
        2 => "SIGINT",
        4 => "SIGILL",
        6 => "SIGABRT (an abort, such as a failed allocation or a double panic)",
        7 => "SIGBUS",
        8 => "SIGFPE (an arithmetic fault)",
        9 => "SIGKILL (often the kernel's out-of-memory killer)",
        11 => "SIGSEGV (a memory access fault, often a stack overflow)",
        13 => "SIGPIPE",
        15 => "SIGTERM",
        _ => return format!("signal {signal}"),
    };
    format!("signal {signal}, {name}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::time::Duration;

    fn out(ending: Ending, stdout: &str, stderr: &str) -> RunOutput {
        RunOutput {
            ending,
            stdout: stdout.into(),
            stderr: stderr.into(),
            wall: Duration::from_millis(5),
            peak_rss_bytes: None,
            cpu_seconds: None,
            machine_busy_seconds: None,
        }
    }

    const OK: Ending = Ending::Exited { code: 0 };

    #[test]
    fn reads_the_last_result_line() {
        let stdout = "hi\n@@parlab-result {\"result\":1,\"seconds\":0.5}\n@@parlab-result {\"result\":2,\"seconds\":0.25}\n";
        let r = parse_result(stdout).unwrap().unwrap();
        assert_eq!(
            r,
            Reported {
                result: json!(2),
                seconds: 0.25,
                cpu_seconds: None,
                seed: None,
                tampered: None,
                cluster: None,
            }
        );
        assert_eq!(output_lines(stdout), vec!["hi"]);
    }

    #[test]
    fn correct_and_wrong_runs() {
        let check = Check::Exact(json!(7));
        let good = out(OK, "@@parlab-result {\"result\":7,\"seconds\":1.0}\n", "");
        assert_eq!(
            judge_run(&check, &good, None),
            RunVerdict::Correct {
                result: json!(7),
                seconds: 1.0
            }
        );
        let bad = out(OK, "@@parlab-result {\"result\":8,\"seconds\":1.0}\n", "");
        assert!(matches!(
            judge_run(&check, &bad, None),
            RunVerdict::Wrong { .. }
        ));
        assert_eq!(
            judge_run(&check, &out(OK, "", ""), None),
            RunVerdict::NoResult
        );
    }

    #[test]
    fn a_panic_is_a_crash_with_its_message() {
        let stderr = "\nthread 'main' panicked at src/x.rs:3:5:\nnot yet implemented: split the work\nnote: run with `RUST_BACKTRACE=1`\n";
        let v = judge_run(
            &Check::Exact(json!(1)),
            &out(Ending::Exited { code: 101 }, "", stderr),
            None,
        );
        assert_eq!(
            v,
            RunVerdict::Crashed {
                how: "panicked: not yet implemented: split the work".into()
            }
        );
    }

    #[test]
    fn a_failed_allocation_is_out_of_memory() {
        let stderr = "memory allocation of 17179869184 bytes failed\n";
        let v = judge_run(
            &Check::Exact(json!(1)),
            &out(Ending::Signaled { signal: 6 }, "", stderr),
            None,
        );
        assert!(matches!(v, RunVerdict::Crashed { how } if how.contains("out of memory")));
    }

    const KEY: &[u8] = b"0123456789abcdef0123456789abcdef";

    fn signed(json: &str) -> String {
        format!("{RESULT_MARKER}{json} {}\n", hmac_hex(KEY, json.as_bytes()))
    }

    #[test]
    fn json_with_spaces_and_no_signature_reads_whole() {
        let stdout = format!("{RESULT_MARKER}{{\"result\": 3, \"seconds\": 0.5}}\n");
        let r = parse_result(&stdout).unwrap().unwrap();
        assert_eq!(r.seconds, 0.5);
        let v = judge_run(&Check::Exact(json!(3)), &out(OK, &stdout, ""), Some(KEY));
        assert!(matches!(v, RunVerdict::Rejected { .. }), "{v:?}");
    }

    #[test]
    fn hmac_matches_rfc_4231() {
        assert_eq!(
            hmac_hex(b"Jefe", b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn a_signed_line_is_believed() {
        let check = Check::Exact(json!(7));
        let stdout = format!("hi\n{}", signed(r#"{"result":7,"seconds":1.5}"#));
        let v = judge_run(&check, &out(OK, &stdout, ""), Some(KEY));
        assert_eq!(
            v,
            RunVerdict::Correct {
                result: json!(7),
                seconds: 1.5
            }
        );
    }

    #[test]
    fn a_line_the_harness_did_not_write_is_rejected() {
        let check = Check::Exact(json!(7));
        let real = signed(r#"{"result":7,"seconds":1.5}"#);
        for forged in [
            // printed by the learner's code, before the real one
            format!("{RESULT_MARKER}{{\"result\":7,\"seconds\":0.001}}\n{real}"),
            // alone, then exit(0)
            format!("{RESULT_MARKER}{{\"result\":7,\"seconds\":0.001}}\n"),
            // with a made-up signature
            format!(
                "{RESULT_MARKER}{{\"result\":7,\"seconds\":0.001}} {}\n",
                "0".repeat(64)
            ),
            // without a key
            format!("{RESULT_MARKER}{{\"result\":7,\"seconds\":0.001}} unsigned\n"),
        ] {
            let v = judge_run(&check, &out(OK, &forged, ""), Some(KEY));
            assert!(
                matches!(&v, RunVerdict::Rejected { why } if why.contains("did not write")),
                "{v:?}"
            );
        }
        let twice = format!("{real}{real}");
        let v = judge_run(&check, &out(OK, &twice, ""), Some(KEY));
        assert!(
            matches!(&v, RunVerdict::Rejected { why } if why.contains("2 result lines")),
            "{v:?}"
        );
        let tampered = signed(
            r#"{"result":7,"seconds":1.5,"tampered":"the result was reported from inside the timed kernel"}"#,
        );
        let v = judge_run(&check, &out(OK, &tampered, ""), Some(KEY));
        assert!(
            matches!(&v, RunVerdict::Rejected { why } if why.contains("inside the timed kernel")),
            "{v:?}"
        );
    }

    #[test]
    fn stopped_runs_keep_their_reason() {
        let check = Check::Exact(json!(1));
        assert_eq!(
            judge_run(&check, &out(Ending::TimedOut, "", ""), None),
            RunVerdict::TimedOut
        );
        assert_eq!(
            judge_run(&check, &out(Ending::OutputLimit, "", ""), None),
            RunVerdict::OutputLimit
        );
        let v = judge_run(&check, &out(Ending::Signaled { signal: 11 }, "", ""), None);
        assert!(matches!(v, RunVerdict::Crashed { how } if how.contains("SIGSEGV")));
    }
}
