//! AFL++ target: `framelens::fuzz::lexicon` (see src/fuzz.rs for what it checks).

fn main() {
    afl::fuzz!(|data: &[u8]| {
        framelens::fuzz::lexicon(data);
    });
}
