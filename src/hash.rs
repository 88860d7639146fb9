//! A small, fast, non-cryptographic hasher for the per-token hash maps (stem
//! cache, lexicon index, word counts). The keys are short words, which
//! SipHash (std's default, built to resist flooding) hashes several times
//! slower; nothing here is exposed to untrusted keys chosen against it, and
//! no output depends on hash order (everything written is sorted first).

use std::hash::{BuildHasherDefault, Hasher};

/// Multiply-rotate hashing over 8-byte words.
#[derive(Debug, Default, Clone, Copy)]
pub struct FastHasher {
    state: u64,
}

/// An odd constant with well-spread bits (from the golden ratio).
const K: u64 = 0x9E37_79B9_7F4A_7C15;

impl FastHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.state = (self.state.rotate_left(5) ^ word).wrapping_mul(K);
    }
}

impl Hasher for FastHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().unwrap_or([0; 8])));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(buf));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        // A final mix so that the low bits, which hash tables use, depend on all input.
        let x = self.state ^ (self.state >> 29);
        x.wrapping_mul(K) ^ (x >> 32)
    }
}

/// `HashMap` with [`FastHasher`].
pub type FastMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<FastHasher>>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::Hash;

    fn h<T: Hash + ?Sized>(v: &T) -> u64 {
        let mut s = FastHasher::default();
        v.hash(&mut s);
        s.finish()
    }

    #[test]
    fn distinct_short_words_hash_apart() {
        let words = ["a", "b", "ab", "ba", "occupation", "occupations", "оккупация", "", "aaaaaaaab", "aaaaaaaac"];
        let hashes: std::collections::BTreeSet<u64> = words.iter().map(|w| h(*w)).collect();
        assert_eq!(hashes.len(), words.len());
    }

    #[test]
    fn output_is_pinned() {
        // Claim features hash with this hasher and clusters depend on them, so
        // its output must not change between runs, machines or releases.
        let mut s = FastHasher::default();
        s.write(b"regime");
        assert_eq!(s.finish(), 0x186D_78E5_7C1E_0711, "{:#X}", s.finish());
    }

    #[test]
    fn map_works() {
        let mut m: FastMap<String, u32> = FastMap::default();
        for (i, w) in ["x", "y", "z"].iter().enumerate() {
            m.insert(w.to_string(), i as u32);
        }
        assert_eq!(m.get("y"), Some(&1));
        assert_eq!(m.len(), 3);
    }
}
