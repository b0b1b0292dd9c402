//! Randomness a check needs: the key that signs one run's result, and the
//! seed of a check's input.

/// A fresh key for one run: 32 bytes from the kernel's generator.
pub(super) fn new_key() -> Vec<u8> {
    use std::io::Read;
    let mut key = vec![0u8; 32];
    let read = std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut key));
    if read.is_err() {
        // No /dev/urandom: the clock and the process are all there is.
        use sha2::Digest;
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let seed = format!("{now}-{}-{:p}", std::process::id(), &key);
        key = sha2::Sha256::digest(seed.as_bytes()).to_vec();
    }
    key
}

/// A seed for one check's input, or for a grading run.
pub fn random_seed() -> u64 {
    let key = new_key();
    u64::from_le_bytes(key[..8].try_into().expect("a key has 32 bytes"))
}
