//! Addresses of Dask schedulers, as a learner types them.

/// Why `address` cannot be a Dask scheduler's address, if it cannot:
/// `tcp://host:port` (or `tls://`, `ucx://`, `inproc://`), or `host:port`.
pub fn bad_scheduler_address(address: &str) -> Option<String> {
    let rest = ["tcp://", "tls://", "ucx://", "inproc://"]
        .iter()
        .find_map(|p| address.strip_prefix(p))
        .unwrap_or(address);
    let valid = !rest.is_empty()
        && !address.chars().any(|c| c.is_whitespace() || c.is_control())
        && (address.starts_with("inproc://")
            || rest
                .rsplit_once(':')
                .is_some_and(|(host, port)| !host.is_empty() && port.parse::<u16>().is_ok()));
    (!valid).then(|| {
        format!(
            "{address:?} is not a Dask scheduler address: give it as tcp://HOST:PORT, as `dask scheduler` prints it (port 8786 by default)"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scheduler_addresses_are_checked() {
        for good in [
            "tcp://10.0.0.5:8786",
            "head:8786",
            "tls://h.example:443",
            "inproc://x",
        ] {
            assert_eq!(bad_scheduler_address(good), None, "{good}");
        }
        for bad in [
            "",
            "tcp://",
            "tcp://host",
            "host:port",
            "tcp://:8786",
            "tcp://h:8786 x",
        ] {
            assert!(bad_scheduler_address(bad).is_some(), "{bad}");
        }
    }
}
