//! AFL++ target: `framelens::fuzz::article` (see src/fuzz.rs for what it checks).

fn main() {
    afl::fuzz!(|data: &[u8]| {
        framelens::fuzz::article(data);
    });
}
