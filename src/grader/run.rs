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
}

/// The last result line in `stdout`, if any; `Err` if it does not parse.
pub fn parse_result(stdout: &str) -> Option<Result<Reported, String>> {
    let line = stdout
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix(RESULT_MARKER))?;
    let parsed: Value = match serde_json::from_str(line) {
        Ok(v) => v,
        Err(e) => return Some(Err(format!("the result line does not parse: {e}"))),
    };
    let seconds = parsed.get("seconds").and_then(Value::as_f64);
    Some(match (parsed.get("result"), seconds) {
        (Some(result), Some(seconds)) => Ok(Reported {
            result: result.clone(),
            seconds,
            cpu_seconds: parsed.get("cpu_seconds").and_then(Value::as_f64),
        }),
        _ => Err("the result line lacks \"result\" or \"seconds\"".into()),
    })
}

/// The program's own output lines: standard output without the result line.
pub fn output_lines(stdout: &str) -> Vec<&str> {
    stdout
        .lines()
        .filter(|l| !l.starts_with(RESULT_MARKER))
        .collect()
}

/// Judges one run against the check.
pub fn judge_run(check: &Check, out: &RunOutput) -> RunVerdict {
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
    let reported = match parse_result(&out.stdout) {
        None => return RunVerdict::NoResult,
        Some(Err(why)) => {
            return RunVerdict::Wrong {
                result: Value::Null,
                seconds: 0.0,
                why,
            };
        }
        Some(Ok(r)) => r,
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
                cpu_seconds: None
            }
        );
        assert_eq!(output_lines(stdout), vec!["hi"]);
    }

    #[test]
    fn correct_and_wrong_runs() {
        let check = Check::Exact(json!(7));
        let good = out(OK, "@@parlab-result {\"result\":7,\"seconds\":1.0}\n", "");
        assert_eq!(
            judge_run(&check, &good),
            RunVerdict::Correct {
                result: json!(7),
                seconds: 1.0
            }
        );
        let bad = out(OK, "@@parlab-result {\"result\":8,\"seconds\":1.0}\n", "");
        assert!(matches!(judge_run(&check, &bad), RunVerdict::Wrong { .. }));
        assert_eq!(judge_run(&check, &out(OK, "", "")), RunVerdict::NoResult);
    }

    #[test]
    fn a_panic_is_a_crash_with_its_message() {
        let stderr = "\nthread 'main' panicked at src/x.rs:3:5:\nnot yet implemented: split the work\nnote: run with `RUST_BACKTRACE=1`\n";
        let v = judge_run(
            &Check::Exact(json!(1)),
            &out(Ending::Exited { code: 101 }, "", stderr),
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
        );
        assert!(matches!(v, RunVerdict::Crashed { how } if how.contains("out of memory")));
    }

    #[test]
    fn stopped_runs_keep_their_reason() {
        let check = Check::Exact(json!(1));
        assert_eq!(
            judge_run(&check, &out(Ending::TimedOut, "", "")),
            RunVerdict::TimedOut
        );
        assert_eq!(
            judge_run(&check, &out(Ending::OutputLimit, "", "")),
            RunVerdict::OutputLimit
        );
        let v = judge_run(&check, &out(Ending::Signaled { signal: 11 }, "", ""));
        assert!(matches!(v, RunVerdict::Crashed { how } if how.contains("SIGSEGV")));
    }
}
