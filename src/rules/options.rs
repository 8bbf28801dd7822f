//! A rule's options: a type of the rule's own, read by the rule from its
//! table in `[rules]` (`list-numbering = { style = "one" }`).
//!
//! The configuration knows no option by name: for each key of a rule's
//! table (other than `severity`) it asks the rule. A rule reads its options
//! back from [`Options`] by its own type.

use std::any::Any;
use std::collections::BTreeMap;
use std::sync::Arc;

use super::{Rule, RuleId};

/// Why a rule did not take an option.
#[derive(Debug)]
pub enum OptionError {
    /// The rule has no option of that name.
    Unknown,
    /// The value is not one the option takes: what was expected.
    Invalid(String),
}

/// The options type of one rule: its defaults are [`Default`], and each key
/// of the rule's table sets part of it.
pub trait RuleOptions:
    Default + Clone + PartialEq + std::fmt::Debug + Send + Sync + 'static
{
    /// Reads one option `key = value` of the rule's table.
    fn set(&mut self, key: &str, value: &toml::Value) -> Result<(), OptionError>;
}

/// [`RuleOptions`] behind a pointer, as the registry holds them.
pub trait AnyOptions: std::fmt::Debug + Send + Sync {
    fn set(&mut self, key: &str, value: &toml::Value) -> Result<(), OptionError>;
    fn is_default(&self) -> bool;
    fn clone_box(&self) -> Box<dyn AnyOptions>;
    fn as_any(&self) -> &dyn Any;
}

impl<T: RuleOptions> AnyOptions for T {
    fn set(&mut self, key: &str, value: &toml::Value) -> Result<(), OptionError> {
        RuleOptions::set(self, key, value)
    }

    fn is_default(&self) -> bool {
        *self == T::default()
    }

    fn clone_box(&self) -> Box<dyn AnyOptions> {
        Box::new(self.clone())
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The options of the rules of one `[rules]` table (or an override's), by
/// rule; a rule not in it has its defaults.
#[derive(Debug, Clone, Default)]
pub struct Options(BTreeMap<RuleId, Arc<dyn AnyOptions>>);

impl Options {
    /// The options of rule `id`, of its type `T`.
    pub fn get<T: RuleOptions>(&self, id: RuleId) -> T {
        self.0
            .get(&id)
            .and_then(|o| o.as_any().downcast_ref::<T>())
            .cloned()
            .unwrap_or_default()
    }

    /// Sets option `key` of `rule`.
    pub fn set(
        &mut self,
        rule: &dyn Rule,
        key: &str,
        value: &toml::Value,
    ) -> Result<(), OptionError> {
        let id = rule.meta().id;
        let mut options = match self.0.remove(&id) {
            Some(o) => o.clone_box(),
            None => rule.options().ok_or(OptionError::Unknown)?,
        };
        let result = options.set(key, value);
        self.0.insert(id, Arc::from(options));
        result
    }

    /// Whether no option differs from its default.
    pub fn is_default(&self) -> bool {
        self.0.values().all(|o| o.is_default())
    }
}

/// The options of a rule whose one option is `style`, a choice among the
/// strings `S` takes (read by `read`, which names them on error).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StyleOption<S> {
    pub style: S,
}

impl<S> RuleOptions for StyleOption<S>
where
    S: for<'de> serde::Deserialize<'de>
        + Default
        + Clone
        + PartialEq
        + std::fmt::Debug
        + Send
        + Sync
        + 'static,
{
    fn set(&mut self, key: &str, value: &toml::Value) -> Result<(), OptionError> {
        // Any other key is refused by the reader, which names `style`.
        self.style = read(key, value)?;
        Ok(())
    }
}

/// Reads `value` as the enum of strings `S`, for an option such as `style`:
/// on error, serde's message (which names the values `S` takes).
pub(crate) fn read<S: for<'de> serde::Deserialize<'de>>(
    key: &str,
    value: &toml::Value,
) -> Result<S, OptionError> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct One<S> {
        #[serde(rename = "style")]
        value: S,
    }
    let mut table = toml::Table::new();
    table.insert(key.to_owned(), value.clone());
    toml::Value::Table(table)
        .try_into::<One<S>>()
        .map(|o| o.value)
        .map_err(|e| OptionError::Invalid(e.message().to_owned()))
}
