//! AFL++ target: `framelens::fuzz::text` (see src/fuzz.rs for what it checks).

fn main() {
    afl::fuzz!(|data: &[u8]| {
        framelens::fuzz::text(data);
    });
}
