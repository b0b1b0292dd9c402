//! A zip archive of stored (uncompressed) entries, the form Gradescope
//! takes an autograder in: enough of the format (local headers, the central
//! directory, its end record) for any unzip, with Unix permissions kept so
//! scripts stay executable. Archives over 4 GiB are refused.

use anyhow::{Result, bail};

/// One file of an archive: its path inside, its bytes, whether it runs.
pub struct Entry {
    pub name: String,
    pub bytes: Vec<u8>,
    pub executable: bool,
}

/// The archive of `entries`, in their order.
pub fn archive(entries: &[Entry]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for entry in entries {
        let offset = small(out.len())?;
        let size = small(entry.bytes.len())?;
        let name_len = u16::try_from(entry.name.len())
            .map_err(|_| anyhow::anyhow!("a name too long for a zip: {}", entry.name))?;
        let crc = crc32(&entry.bytes);
        // Local header: version 2.0, UTF-8 names, stored, 1980-01-01.
        put32(&mut out, 0x0403_4b50);
        for v in [20, 0x0800, 0, 0, 33] {
            put16(&mut out, v);
        }
        for v in [crc, size, size] {
            put32(&mut out, v);
        }
        put16(&mut out, name_len);
        put16(&mut out, 0);
        out.extend_from_slice(entry.name.as_bytes());
        out.extend_from_slice(&entry.bytes);
        // Its central directory record: made on Unix, with its mode.
        let mode: u32 = if entry.executable {
            0o100_755
        } else {
            0o100_644
        };
        put32(&mut central, 0x0201_4b50);
        for v in [0x0314, 20, 0x0800, 0, 0, 33] {
            put16(&mut central, v);
        }
        for v in [crc, size, size] {
            put32(&mut central, v);
        }
        for v in [name_len, 0, 0, 0, 0] {
            put16(&mut central, v);
        }
        put32(&mut central, mode << 16);
        put32(&mut central, offset);
        central.extend_from_slice(entry.name.as_bytes());
    }
    let count = u16::try_from(entries.len())
        .map_err(|_| anyhow::anyhow!("too many files for a zip: {}", entries.len()))?;
    let central_offset = small(out.len())?;
    let central_size = small(central.len())?;
    out.extend_from_slice(&central);
    put32(&mut out, 0x0605_4b50);
    for v in [0, 0, count, count] {
        put16(&mut out, v);
    }
    put32(&mut out, central_size);
    put32(&mut out, central_offset);
    put16(&mut out, 0);
    Ok(out)
}

fn small(n: usize) -> Result<u32> {
    match u32::try_from(n) {
        Ok(n) if n < u32::MAX => Ok(n),
        _ => bail!("the autograder is over 4 GiB, too large for a plain zip"),
    }
}

fn put16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// CRC-32 (IEEE), as zip uses it.
pub fn crc32(bytes: &[u8]) -> u32 {
    static TABLE: std::sync::OnceLock<[u32; 256]> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut table = [0u32; 256];
        for (i, slot) in (0u32..).zip(table.iter_mut()) {
            let mut c = i;
            for _ in 0..8 {
                c = if c & 1 == 1 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
            *slot = c;
        }
        table
    });
    !bytes.iter().fold(!0u32, |crc, &b| {
        let i = usize::from((crc as u8) ^ b);
        table.get(i).copied().unwrap_or(0) ^ (crc >> 8)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_crc_is_the_standard_one() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn an_archive_has_its_entries_and_ends_with_their_directory() {
        let entries = [
            Entry {
                name: "run_autograder".into(),
                bytes: b"#!/bin/sh\n".to_vec(),
                executable: true,
            },
            Entry {
                name: "course/course.toml".into(),
                bytes: b"format = 1\n".to_vec(),
                executable: false,
            },
        ];
        let zip = archive(&entries).unwrap();
        assert_eq!(&zip[..4], b"PK\x03\x04");
        let end = &zip[zip.len() - 22..];
        assert_eq!(&end[..4], b"PK\x05\x06");
        assert_eq!(u16::from_le_bytes([end[10], end[11]]), 2);
        let offset = u32::from_le_bytes([end[16], end[17], end[18], end[19]]) as usize;
        assert_eq!(&zip[offset..offset + 4], b"PK\x01\x02");
        let mode = u32::from_le_bytes([
            zip[offset + 38],
            zip[offset + 39],
            zip[offset + 40],
            zip[offset + 41],
        ]);
        assert_eq!(mode >> 16, 0o100_755);
        let name_at = 30;
        assert_eq!(&zip[name_at..name_at + 14], b"run_autograder");
    }
}
