//! Fault injection: per request, with given probabilities, answer 500, answer 429, answer slowly,
//! or close the connection without answering. A seed makes the faults reproducible: each
//! request's draw is then a function of the seed, what the request is (method and path, ids
//! left out) and how many such requests came before it, so requests of different kinds that
//! arrive in another order (concurrent work finishing in another order) still meet the same
//! faults.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Mutex;
use std::time::Duration;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

pub use crate::serve_settings::FaultSpec;

/// What to do to one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fault {
    None,
    Error500,
    TooManyRequests,
    Slow(Duration),
    Drop,
}

/// How many requests got each fault so far (for soak tests and their reports).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FaultCounts {
    pub requests: u64,
    pub error_500: u64,
    pub error_429: u64,
    pub slow: u64,
    pub dropped: u64,
}

/// The fault source of a running platform.
pub(crate) struct Faults {
    spec: FaultSpec,
    source: Source,
    counts: Mutex<FaultCounts>,
}

/// Where the numbers behind the draws come from.
enum Source {
    /// No seed: the OS-seeded generator, one number per request.
    Random(Box<Mutex<StdRng>>),
    /// A seed: a number per (request kind, how many of that kind came before).
    Keyed {
        seed: u64,
        seen: Mutex<HashMap<String, u64>>,
    },
}

impl Faults {
    /// Draws from the spec's seed (or the OS).
    pub fn new(spec: FaultSpec) -> Self {
        let source = match spec.seed {
            Some(seed) => Source::Keyed {
                seed,
                seen: Mutex::new(HashMap::new()),
            },
            None => Source::Random(Box::new(Mutex::new(StdRng::from_os_rng()))),
        };
        Self {
            spec,
            source,
            counts: Mutex::new(FaultCounts::default()),
        }
    }

    /// The faults drawn so far.
    pub fn counts(&self) -> FaultCounts {
        self.counts.lock().map(|c| *c).unwrap_or_default()
    }

    /// Draws the fault for the next request (`method` on `path`) and counts it.
    pub fn draw(&self, method: &str, path: &str) -> Fault {
        let fault = self.pick(self.number(method, path));
        if let Ok(mut c) = self.counts.lock() {
            c.requests += 1;
            match fault {
                Fault::None => {}
                Fault::Error500 => c.error_500 += 1,
                Fault::TooManyRequests => c.error_429 += 1,
                Fault::Slow(_) => c.slow += 1,
                Fault::Drop => c.dropped += 1,
            }
        }
        fault
    }

    /// The number in `[0, 1)` behind the next request's fault (`None` if a lock is poisoned).
    fn number(&self, method: &str, path: &str) -> Option<f64> {
        match &self.source {
            Source::Random(rng) => rng.lock().ok().map(|mut rng| rng.random()),
            Source::Keyed { seed, seen } => {
                let kind = request_kind(method, path);
                let nth = {
                    let mut seen = seen.lock().ok()?;
                    let n = seen.entry(kind.clone()).or_default();
                    *n += 1;
                    *n
                };
                let mut h = DefaultHasher::new();
                (seed, kind, nth).hash(&mut h);
                // The hash's top 53 bits as a fraction: uniform, and the same on every run.
                Some((h.finish() >> 11) as f64 / (1u64 << 53) as f64)
            }
        }
    }

    /// The fault a number in `[0, 1)` falls on.
    fn pick(&self, r: Option<f64>) -> Fault {
        let Some(r) = r else { return Fault::None };
        let s = &self.spec;
        let mut edge = s.drop;
        if r < edge {
            return Fault::Drop;
        }
        edge += s.error_500;
        if r < edge {
            return Fault::Error500;
        }
        edge += s.error_429;
        if r < edge {
            return Fault::TooManyRequests;
        }
        edge += s.slow;
        if r < edge {
            return Fault::Slow(s.slow_delay);
        }
        Fault::None
    }
}

/// What a request is, for a seeded draw: its method and path, with every segment that names
/// one object (an id, a token, a chunk number) replaced by `:id`, since those differ run to run.
fn request_kind(method: &str, path: &str) -> String {
    let mut kind = method.to_string();
    kind.push(' ');
    for (i, segment) in path.split('/').enumerate() {
        if i > 0 {
            kind.push('/');
        }
        let names_an_object = segment.bytes().any(|b| b.is_ascii_digit())
            && segment
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        kind.push_str(if names_an_object { ":id" } else { segment });
    }
    kind
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_form() {
        let s: FaultSpec = "500=0.05,429=0.03,slow=0.05:1s,drop=0.02,seed=42"
            .parse()
            .expect("parse");
        assert_eq!(s.error_500, 0.05);
        assert_eq!(s.error_429, 0.03);
        assert_eq!((s.slow, s.slow_delay), (0.05, Duration::from_secs(1)));
        assert_eq!(s.drop, 0.02);
        assert_eq!(s.seed, Some(42));
        assert!("500=2".parse::<FaultSpec>().is_err());
        assert!("boom=0.1".parse::<FaultSpec>().is_err());
        assert!("500=0.6,429=0.6".parse::<FaultSpec>().is_err());
    }

    #[test]
    fn same_seed_same_faults() {
        let spec: FaultSpec = "500=0.3,429=0.3,seed=7".parse().expect("parse");
        let (a, b) = (Faults::new(spec.clone()), Faults::new(spec));
        let xs: Vec<_> = (0..50).map(|_| a.draw("GET", "/v1.3/assets")).collect();
        let ys: Vec<_> = (0..50).map(|_| b.draw("GET", "/v1.3/assets")).collect();
        assert_eq!(xs, ys);
        assert!(xs.iter().any(|f| *f != Fault::None) && xs.contains(&Fault::None));
    }

    #[test]
    fn a_seeded_request_meets_its_fault_whatever_came_between() {
        let spec: FaultSpec = "500=0.3,429=0.3,drop=0.2,seed=7".parse().expect("parse");
        let (a, b) = (Faults::new(spec.clone()), Faults::new(spec));
        let gets = |f: &Faults, other_first: bool| -> Vec<Fault> {
            (0..30)
                .map(|i| {
                    if other_first {
                        f.draw("POST", "/v1.3/assets");
                    }
                    // A different id each time: ids are not part of what a request is.
                    f.draw("GET", &format!("/v1.3/assets/66b1f0c2a9e4d31b7c0f{i:04x}"))
                })
                .collect()
        };
        assert_eq!(gets(&a, false), gets(&b, true));
    }

    #[test]
    fn ids_are_not_part_of_a_request_kind() {
        assert_eq!(
            request_kind("GET", "/v1.3/assets/66b1f0c2a9e4d31b7c0f5a12/indexed-assets"),
            "GET /v1.3/assets/:id/indexed-assets"
        );
        assert_eq!(
            request_kind("PUT", "/_uploads/0123456789abcdef0123/7"),
            "PUT /_uploads/:id/:id"
        );
    }
}
