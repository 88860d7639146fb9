//! Closed sets of named options (report format, input format, match kind, …)
//! that users pick by name on the command line or in files. Each such enum
//! lists its values once, with the name users type and a line of help, so a
//! command-line parser (or any other front end) can offer and parse them
//! without the library depending on one.

/// An enum whose values users choose by name.
pub trait Choice: Copy + PartialEq + Sized + 'static {
    /// Every value with its name and a one-line description, in the order to show them.
    const CHOICES: &'static [(Self, &'static str, &'static str)];

    /// The name of this value.
    fn name(self) -> &'static str {
        Self::CHOICES.iter().find(|c| c.0 == self).map_or("", |c| c.1)
    }

    /// The value with this name (exact match; names are lowercase).
    fn from_name(name: &str) -> Option<Self> {
        Self::CHOICES.iter().find(|c| c.1 == name).map(|c| c.0)
    }

    /// The names, for messages: `csv, json, jsonl`.
    fn names() -> String {
        Self::CHOICES.iter().map(|c| c.1).collect::<Vec<_>>().join(", ")
    }
}
