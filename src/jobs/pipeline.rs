//! The loop every job runs: read the corpus a chunk at a time, work on each
//! chunk's articles in parallel, and hand the results back in corpus order.
//! Reading and working on the next chunk overlaps with consuming this one, so
//! the thread that writes reports never waits for the disk, and memory holds
//! at most two chunks. Each worker thread keeps one [`Tokenizer`] (and so one
//! stem cache) for the whole job.

use std::sync::Mutex;

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::input::{Corpus, Ignored, Item};
use crate::text::Tokenizer;

/// Most worker threads a job starts, as a multiple of the cores: more only
/// adds contention (and a huge `-j` would try to start that many threads).
pub const MAX_THREADS_PER_CORE: usize = 4;

/// The worker threads of a job, each with its own tokenizer.
pub struct Workers {
    /// `None` when the job runs on the calling thread alone (one thread, or a
    /// platform without threads such as WebAssembly).
    pool: Option<rayon::ThreadPool>,
    /// With one thread: a pool of one for [`Workers::install`], so that
    /// parallel iterators inside it keep to one thread instead of taking
    /// rayon's global pool (every core). `None` where threads cannot start.
    solo: Option<rayon::ThreadPool>,
    tokenizers: Vec<Mutex<Tokenizer>>,
}

impl Workers {
    /// Starts `threads` workers (`None`: one per core). The number is capped
    /// at [`MAX_THREADS_PER_CORE`] per core.
    pub fn new(threads: Option<usize>) -> Result<Workers> {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let n = threads.unwrap_or(cores).clamp(1, cores * MAX_THREADS_PER_CORE);
        let (pool, solo) = if n == 1 {
            (None, rayon::ThreadPoolBuilder::new().num_threads(1).build().ok())
        } else {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(n).build().map_err(|e| {
                Error::Config(format!("cannot start {n} worker threads ({e}); try a smaller --threads"))
            })?;
            (Some(pool), None)
        };
        Ok(Workers { pool, solo, tokenizers: (0..n).map(|_| Mutex::new(Tokenizer::new())).collect() })
    }

    /// How many threads work.
    pub fn threads(&self) -> usize {
        self.tokenizers.len()
    }

    /// Runs `f` inside the pool, so that rayon's parallel iterators in it
    /// use the job's threads.
    pub fn install<R: Send>(&self, f: impl FnOnce() -> R + Send) -> R {
        match self.pool.as_ref().or(self.solo.as_ref()) {
            Some(pool) => pool.install(f),
            None => f(),
        }
    }

    /// Maps every item on the workers, keeping the order.
    pub fn map<T: Send, R: Send>(&self, items: Vec<T>, f: impl Fn(&mut Tokenizer, T) -> R + Sync) -> Vec<R> {
        let run = |item: T| {
            let slot = rayon::current_thread_index().unwrap_or(0).min(self.tokenizers.len() - 1);
            // Each worker thread has its own slot, so the lock is never contended;
            // a poisoned lock only means an earlier item panicked, and the
            // tokenizer holds nothing but caches.
            let mut tz = match self.tokenizers[slot].lock() {
                Ok(g) => g,
                Err(p) => p.into_inner(),
            };
            f(&mut tz, item)
        };
        match &self.pool {
            Some(pool) => pool.install(|| items.into_par_iter().map(run).collect()),
            None => items.into_iter().map(run).collect(),
        }
    }
}

/// Reads `corpus` in chunks of `chunk` items, maps each item on the workers
/// and gives each chunk's results, in corpus order, to `consume` on the
/// calling thread. Returns the files the corpus ignored.
pub fn for_each_chunk<R: Send>(
    mut corpus: Corpus,
    workers: &Workers,
    chunk: usize,
    map: impl Fn(&mut Tokenizer, Item) -> R + Sync,
    mut consume: impl FnMut(Vec<R>) -> Result<()>,
) -> Result<Ignored> {
    let chunk = chunk.max(1);
    if workers.pool.is_none() {
        loop {
            let items = corpus.next_chunk(chunk)?;
            if items.is_empty() {
                return Ok(corpus.ignored);
            }
            consume(workers.map(items, &map))?;
        }
    }
    // A producer thread reads and maps the next chunk while this thread
    // consumes the last; the channel holds one chunk, bounding memory.
    let map = &map;
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Result<Vec<R>>>(1);
        let producer = scope.spawn(move || {
            loop {
                let items = match corpus.next_chunk(chunk) {
                    Ok(c) if c.is_empty() => break,
                    Ok(c) => c,
                    Err(e) => {
                        let _ = tx.send(Err(e));
                        break;
                    }
                };
                if tx.send(Ok(workers.map(items, map))).is_err() {
                    break; // the consumer stopped on an error
                }
            }
            corpus.ignored
        });
        let mut outcome = Ok(());
        for results in rx {
            if let Err(e) = results.and_then(&mut consume) {
                outcome = Err(e);
                break;
            }
        }
        let ignored = producer.join().map_err(|_| Error::Internal("a worker thread panicked".into()))?;
        outcome.map(|()| ignored)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::ReadOptions;

    #[test]
    fn results_come_back_in_corpus_order_whatever_the_threads() {
        let d = tempfile::tempdir().unwrap();
        for o in ["a", "b", "c"] {
            std::fs::create_dir_all(d.path().join(o)).unwrap();
            for i in 0..7 {
                std::fs::write(d.path().join(o).join(format!("{i}.txt")), format!("Text {o} {i}.")).unwrap();
            }
        }
        let mut runs = Vec::new();
        for threads in [1, 2, 3] {
            let workers = Workers::new(Some(threads)).unwrap();
            let corpus = Corpus::open(&[d.path().to_path_buf()], ReadOptions::default()).unwrap();
            let mut got = Vec::new();
            for_each_chunk(
                corpus,
                &workers,
                4,
                |tz, item| {
                    let a = item.load(Default::default()).unwrap();
                    format!("{}/{}:{}", a.meta.outlet, a.meta.id, tz.tokenize(&a.body, a.meta.language).tokens.len())
                },
                |chunk| {
                    got.extend(chunk);
                    Ok(())
                },
            )
            .unwrap();
            runs.push(got);
        }
        assert_eq!(runs[0].len(), 21);
        assert_eq!(runs[0][0], "a/0:3");
        assert_eq!(runs[0][20], "c/6:3");
        assert!(runs.iter().all(|r| *r == runs[0]));
    }

    #[test]
    fn thread_count_is_capped() {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let w = Workers::new(Some(1_000_000)).unwrap();
        assert_eq!(w.threads(), cores * MAX_THREADS_PER_CORE);
        assert_eq!(Workers::new(Some(0)).unwrap().threads(), 1);
    }
}
