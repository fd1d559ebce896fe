//! Where settings come from: flags, environment, data directory.
