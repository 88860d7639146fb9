//! AFL++ target: `framelens::fuzz::jsonl` (see src/fuzz.rs for what it checks).

fn main() {
    afl::fuzz!(|data: &[u8]| {
        framelens::fuzz::jsonl(data);
    });
}
