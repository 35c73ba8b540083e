//! Random test inputs that are the same on every run: a xorshift64
//! generator, seeded by the test.

/// The numbers of xorshift64 (shifts 13, 7, 17) from `seed` (not 0).
pub(crate) fn xorshift(mut state: u64) -> impl FnMut() -> u64 {
    move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    }
}
