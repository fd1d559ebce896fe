//! The terminal app, Elm style: `App::update(Msg) -> Vec<Effect>`, a runtime that runs effects as
//! tokio tasks, and views that draw the state.
