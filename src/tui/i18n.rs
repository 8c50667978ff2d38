//! Interface text in English and Simplified Chinese, from assets/ui-text.toml.

use crate::domain::Language;
use std::collections::HashMap;

const TEXT: &str = include_str!("../../assets/ui-text.toml");

/// The interface strings of one language, falling back to English, then to the key.
#[derive(Debug, Clone)]
pub struct Strings {
    lang: Language,
    own: HashMap<String, String>,
    english: HashMap<String, String>,
}

impl Strings {
    pub fn new(lang: Language) -> Self {
        let table = |name: &str| -> HashMap<String, String> {
            let parsed: toml::Table = toml::from_str(TEXT).unwrap_or_default();
            parsed
                .get(name)
                .and_then(|t| t.as_table())
                .map(|t| t.iter().filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned()))).collect())
                .unwrap_or_default()
        };
        Strings { lang, own: table(lang.as_str()), english: table("en") }
    }

    pub fn lang(&self) -> Language {
        self.lang
    }

    /// The text for `key`; an unknown key shows as itself, so a typo is visible on screen.
    pub fn get(&self, key: &str) -> String {
        self.own.get(key).or_else(|| self.english.get(key)).map_or_else(|| key.to_owned(), String::clone)
    }

    /// The string with `{name}` placeholders filled in.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        values.iter().fold(self.get(key), |s, (name, value)| s.replace(&format!("{{{name}}}"), value))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_have_the_same_keys_and_placeholders() {
        let parsed: toml::Table = toml::from_str(TEXT).unwrap();
        let keys = |l: &str| {
            let t = parsed[l].as_table().unwrap();
            t.iter().map(|(k, v)| (k.clone(), placeholders(v.as_str().unwrap()))).collect::<Vec<_>>()
        };
        let (en, zh) = (keys("en"), keys("zh-CN"));
        assert!(en.len() > 100);
        assert_eq!(en, zh);
    }

    fn placeholders(s: &str) -> Vec<String> {
        let mut out: Vec<String> =
            s.split('{').skip(1).filter_map(|p| p.split_once('}').map(|(name, _)| name.to_owned())).collect();
        out.sort();
        out
    }

    #[test]
    fn lookup_falls_back_and_fills() {
        let zh = Strings::new(Language::ZhCn);
        assert_eq!(zh.get("tab.open"), "未结");
        assert_eq!(zh.get("no.such.key"), "no.such.key");
        assert_eq!(zh.fill("left.late", &[("n", "3")]), "逾期3天");
    }
}
