//! The key table: which key triggers which [`Action`] in which context. Defaults live in
//! `assets/keymap.toml`; a user file of the same shape is merged on top. Help and footer hints are
//! generated from this table, so a remapped key shows up everywhere.

use std::collections::BTreeMap;
use std::fmt;

pub use super::action::Action;
pub use super::key::Key;

/// The built-in bindings.
pub const DEFAULT_KEYMAP: &str = include_str!("../../../assets/keymap.toml");

/// Where keys are looked up. `Global` applies under every pane context.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    Global,
    List,
    Detail,
    Uploads,
    Dialog,
    Form,
    Prompt,
    Help,
    Menu,
    Editor,
    Preview,
}

impl Context {
    const ALL: [(Context, &'static str); 11] = [
        (Context::Global, "global"),
        (Context::List, "list"),
        (Context::Detail, "detail"),
        (Context::Uploads, "uploads"),
        (Context::Dialog, "dialog"),
        (Context::Form, "form"),
        (Context::Prompt, "prompt"),
        (Context::Help, "help"),
        (Context::Menu, "menu"),
        (Context::Editor, "editor"),
        (Context::Preview, "preview"),
    ];

    fn from_name(name: &str) -> Option<Context> {
        Self::ALL.iter().find(|c| c.1 == name).map(|c| c.0)
    }

    /// The section name in keymap files, also the help title.
    pub fn name(self) -> &'static str {
        Self::ALL.iter().find(|c| c.0 == self).map_or("global", |c| c.1)
    }

    /// Pane contexts see the global bindings too; modal ones (dialogs, fields) do not.
    pub fn inherits_global(self) -> bool {
        matches!(self, Context::List | Context::Detail | Context::Uploads)
    }
}

/// The key table: per context, each action with its keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: BTreeMap<Context, Vec<(Action, Vec<Key>)>>,
}

type RawKeymap = BTreeMap<String, BTreeMap<String, Vec<String>>>;

/// What is wrong with a keymap file, and where: the section (`list`) and action (`down`) when
/// known, so the caller can point at the line of its own file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeymapError {
    /// Which file: "default keymap" or "user keymap".
    pub source: &'static str,
    pub section: Option<String>,
    pub action: Option<String>,
    pub message: String,
}

impl fmt::Display for KeymapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.source)?;
        match (&self.section, &self.action) {
            (Some(s), Some(a)) => write!(f, "[{s}] {a}: ")?,
            (Some(s), None) => write!(f, "[{s}]: ")?,
            _ => {}
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for KeymapError {}

impl Keymap {
    /// The built-in table.
    pub fn defaults() -> Keymap {
        // The embedded file is checked by a unit test, so parsing it cannot fail at run time;
        // an empty table would still leave Ctrl-C working (it is also handled before lookup).
        Keymap::from_toml_with_overrides(DEFAULT_KEYMAP, None).unwrap_or(Keymap {
            bindings: BTreeMap::new(),
        })
    }

    /// Builds the table from the default file and an optional user file merged on top: an action
    /// the user lists replaces that action's keys in that context; the rest keep their defaults.
    pub fn from_toml_with_overrides(default: &str, user: Option<&str>) -> Result<Keymap, KeymapError> {
        let mut map = Keymap {
            bindings: BTreeMap::new(),
        };
        map.merge(default, "default keymap")?;
        if let Some(user) = user {
            map.merge(user, "user keymap")?;
        }
        Ok(map)
    }

    fn merge(&mut self, text: &str, source: &'static str) -> Result<(), KeymapError> {
        let error = |section: Option<&str>, action: Option<&str>, message: String| KeymapError {
            source,
            section: section.map(String::from),
            action: action.map(String::from),
            message,
        };
        let raw: RawKeymap = toml::from_str(text).map_err(|e| error(None, None, e.to_string()))?;
        for (ctx_name, actions) in raw {
            let ctx = Context::from_name(&ctx_name).ok_or_else(|| {
                let known: Vec<&str> = Context::ALL.iter().map(|c| c.1).collect();
                error(
                    Some(&ctx_name),
                    None,
                    format!("unknown section; the sections are {}", known.join(", ")),
                )
            })?;
            let entries = self.bindings.entry(ctx).or_default();
            for (action_name, keys) in actions {
                let action = Action::from_name(&action_name).ok_or_else(|| {
                    let here: Vec<&str> = entries.iter().map(|(a, _)| a.name()).collect();
                    let message = if here.is_empty() {
                        "unknown action".to_string()
                    } else {
                        format!("unknown action; [{ctx_name}] has {}", here.join(", "))
                    };
                    error(Some(&ctx_name), Some(&action_name), message)
                })?;
                let keys = keys
                    .iter()
                    .map(|k| Key::parse(k))
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|e| error(Some(&ctx_name), Some(&action_name), e))?;
                match entries.iter_mut().find(|(a, _)| *a == action) {
                    Some(slot) => slot.1 = keys,
                    None => entries.push((action, keys)),
                }
            }
            entries.sort_by_key(|(a, _)| *a);
        }
        Ok(())
    }

    /// The action bound to `key` in `ctx` (then in the global context for panes).
    pub fn lookup(&self, ctx: Context, key: &Key) -> Option<Action> {
        let find = |c: Context| {
            self.bindings
                .get(&c)?
                .iter()
                .find(|(_, keys)| keys.contains(key))
                .map(|(a, _)| *a)
        };
        find(ctx).or_else(|| {
            if ctx.inherits_global() {
                find(Context::Global)
            } else {
                None
            }
        })
    }

    /// The bindings of one context, in [`Action`] order.
    pub fn bindings(&self, ctx: Context) -> &[(Action, Vec<Key>)] {
        self.bindings.get(&ctx).map_or(&[], Vec::as_slice)
    }

    /// The keys bound to an action in a context, for hints in dialogs.
    pub fn keys_for(&self, ctx: Context, action: Action) -> Vec<Key> {
        self.bindings(ctx)
            .iter()
            .find(|(a, _)| *a == action)
            .map(|(_, k)| k.clone())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_parse_and_bind_letter_keys_and_arrows() {
        let k = Keymap::from_toml_with_overrides(DEFAULT_KEYMAP, None).expect("defaults parse");
        let j = Key::parse("j").expect("key");
        let down = Key::parse("down").expect("key");
        assert_eq!(k.lookup(Context::List, &j), Some(Action::Down));
        assert_eq!(k.lookup(Context::List, &down), Some(Action::Down));
        assert_eq!(
            k.lookup(Context::List, &Key::parse("q").expect("key")),
            Some(Action::Quit)
        );
        assert_eq!(k.lookup(Context::Dialog, &Key::parse("r").expect("key")), None);
    }

    #[test]
    fn user_overrides_replace_one_action_only() {
        let user = "[list]\ndown = [\"n\"]\n";
        let k = Keymap::from_toml_with_overrides(DEFAULT_KEYMAP, Some(user)).expect("merge");
        assert_eq!(
            k.lookup(Context::List, &Key::parse("n").expect("key")),
            Some(Action::Down)
        );
        assert_eq!(k.lookup(Context::List, &Key::parse("j").expect("key")), None);
        assert_eq!(
            k.lookup(Context::List, &Key::parse("k").expect("key")),
            Some(Action::Up)
        );
    }

    #[test]
    fn bad_user_files_are_reported() {
        let err = Keymap::from_toml_with_overrides(DEFAULT_KEYMAP, Some("[list]\nfly = [\"x\"]"))
            .expect_err("unknown action");
        assert_eq!(
            (err.section.as_deref(), err.action.as_deref()),
            (Some("list"), Some("fly"))
        );
        assert!(
            err.to_string()
                .starts_with("user keymap: [list] fly: unknown action; [list] has down, up,"),
            "{err}"
        );
        let err = Keymap::from_toml_with_overrides(DEFAULT_KEYMAP, Some("[list]\ndown = [\"hyper-x\"]"))
            .expect_err("unknown key");
        assert_eq!(
            err.to_string(),
            "user keymap: [list] down: unknown key \"hyper-x\""
        );
        let err = Keymap::from_toml_with_overrides(DEFAULT_KEYMAP, Some("[lists]\ndown = [\"j\"]"))
            .expect_err("unknown section");
        assert_eq!(
            (err.section.as_deref(), err.action.as_deref()),
            (Some("lists"), None)
        );
        assert!(err.message.contains("global, list, detail"), "{err}");
    }
}
