//! Bytes as lowercase hexadecimal text, two digits a byte: how parlab
//! writes hashes (of a course, a submission, a requirements file), keys and
//! signatures. The one encoder every module uses.

/// `bytes` as lowercase hex: `[0x0a, 0xff]` is `"0aff"`.
pub fn encode(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn two_lowercase_digits_a_byte() {
        assert_eq!(super::encode(&[0x0a, 0xff, 0x00]), "0aff00");
        assert_eq!(super::encode(&[]), "");
    }
}
