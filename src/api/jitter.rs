//! The jitter taken off backoff delays, so that clients which failed together do not all come
//! back at the same instant. Random; with the `test-hooks` feature a test may seed it
//! ([`seed_jitter`]) so that a run on virtual time repeats its retries exactly (the fault soak
//! does, to make its seed a reproduction).

/// A fraction in `[0, 1)`: from the seeded sequence when a test set one, else random.
pub(crate) fn fraction() -> f64 {
    #[cfg(feature = "test-hooks")]
    if let Some(f) = seeded::next() {
        return f;
    }
    rand::random()
}

/// Makes every later jitter of this process come from a sequence seeded with `seed`.
#[cfg(feature = "test-hooks")]
pub fn seed_jitter(seed: u64) {
    seeded::set(seed);
}

#[cfg(feature = "test-hooks")]
mod seeded {
    use std::sync::Mutex;

    use rand::rngs::StdRng;
    use rand::{Rng, SeedableRng};

    static RNG: Mutex<Option<StdRng>> = Mutex::new(None);

    pub(super) fn set(seed: u64) {
        if let Ok(mut rng) = RNG.lock() {
            *rng = Some(StdRng::seed_from_u64(seed));
        }
    }

    pub(super) fn next() -> Option<f64> {
        RNG.lock().ok()?.as_mut().map(|rng| rng.random())
    }
}

#[cfg(all(test, feature = "test-hooks"))]
mod tests {
    use super::*;

    #[test]
    fn a_seed_repeats_the_jitter() {
        seed_jitter(9);
        let first: Vec<f64> = (0..5).map(|_| fraction()).collect();
        seed_jitter(9);
        let again: Vec<f64> = (0..5).map(|_| fraction()).collect();
        assert_eq!(first, again);
        assert!(first.iter().all(|f| (0.0..1.0).contains(f)));
    }
}
