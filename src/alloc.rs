//! How the command's allocator (mimalloc 2) gives memory back, set once
//! before the program allocates anything.
//!
//! By default mimalloc commits its first arena whole, and at 100 MB of input
//! the framing pass peaked at 82–88 MB resident; committed as it is used,
//! 69–71 MB, in the same time (alternating runs, see docs/development.md).
//! Returning freed pages at once instead of after 10 ms took it to 63–64 MB
//! but cost about 0.8 s more system time in that run, so the delay is left
//! as it is. The first arena is made by the first allocation, which the
//! Rust runtime makes before `main`; so on ELF systems the option is set by
//! a constructor, which runs before the runtime.

use libmimalloc_sys::{mi_option_set, mi_option_t};

/// `mi_option_arena_eager_commit` in mimalloc 2's `mimalloc.h`, the fifth
/// option (libmimalloc-sys names only some of them; the test checks its
/// default).
const ARENA_EAGER_COMMIT: mi_option_t = 4;

/// Arenas are committed as they are used. Called by the loader before
/// anything else (below); elsewhere it comes too late for the first arena.
fn commit_as_used() {
    // SAFETY: setting an option is a plain store into mimalloc's option
    // table, valid at any time, and the number is an option of the bundled
    // version (see the test).
    unsafe { mi_option_set(ARENA_EAGER_COMMIT, 0) }
}

/// Run by the loader before the Rust runtime starts (and before its first
/// allocation): the same mechanism C's `__attribute__((constructor))` uses.
#[cfg(any(
    target_os = "linux",
    target_os = "android",
    target_os = "freebsd",
    target_os = "netbsd",
    target_os = "openbsd"
))]
#[used]
#[unsafe(link_section = ".init_array")]
static SET_BEFORE_THE_RUNTIME: extern "C" fn() = {
    extern "C" fn set() {
        commit_as_used();
    }
    set
};

#[cfg(test)]
mod tests {
    use libmimalloc_sys::mi_option_get;

    use super::*;

    /// The constructor ran (this test binary has it too) and set the
    /// option, and only it: the options numbered next to it keep their
    /// defaults (eager_commit 1, purge_decommits 1; without the constructor
    /// the option reads its own default, 2). Run without `MIMALLOC_*`
    /// variables set.
    #[test]
    fn the_constructor_commits_arenas_as_used() {
        // SAFETY: reading an option is a plain load from mimalloc's table.
        let get = |o| unsafe { mi_option_get(o) };
        assert_eq!([ARENA_EAGER_COMMIT - 1, ARENA_EAGER_COMMIT, ARENA_EAGER_COMMIT + 1].map(get), [1, 0, 1]);
    }
}
