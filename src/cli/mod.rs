//! One-shot commands (list, get, upload, delete, serve, …) with `--json` for scripts.
