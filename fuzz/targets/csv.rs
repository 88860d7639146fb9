//! AFL++ target: `framelens::fuzz::csv` (see src/fuzz.rs for what it checks).

fn main() {
    afl::fuzz!(|data: &[u8]| {
        framelens::fuzz::csv(data);
    });
}
