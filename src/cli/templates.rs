//! `dsar templates`: which reply templates are in use, and their sources.

use super::args::TemplatesCommand;
use super::commands::print_json;
use crate::domain::Language;
use crate::templates::{Library, Origin};
use anyhow::{Result, bail};
use std::io::Write;

pub fn run(library: &Library, cmd: &TemplatesCommand, ui: Language, as_json: bool, out: &mut dyn Write) -> Result<()> {
    match cmd {
        TemplatesCommand::List => {
            let entries = library.entries();
            let origin = |name: &str, lang: Language| match library.source(name, lang) {
                Some((_, Origin::Shipped)) => Some("shipped".to_owned()),
                Some((_, Origin::User { path })) => Some(path.clone()),
                None => None,
            };
            if as_json {
                let list: Vec<_> = entries
                    .iter()
                    .map(|e| {
                        let versions: serde_json::Map<String, serde_json::Value> = Language::ALL
                            .iter()
                            .filter_map(|&l| origin(&e.name, l).map(|o| (l.to_string(), o.into())))
                            .collect();
                        serde_json::json!({ "name": e.name, "versions": versions })
                    })
                    .collect();
                return print_json(out, &serde_json::json!(list));
            }
            let rows: Vec<Vec<String>> = entries
                .iter()
                .map(|e| {
                    let cell = |l| origin(&e.name, l).unwrap_or_else(|| "-".to_owned());
                    vec![e.name.clone(), cell(Language::En), cell(Language::ZhCn)]
                })
                .collect();
            Ok(super::render::table(out, &["NAME", "EN", "ZH-CN"], &rows)?)
        }
        TemplatesCommand::Show { name, language } => {
            let language = language.as_deref().map(str::parse::<Language>).transpose()?.unwrap_or(ui);
            let Some((source, _)) = library.source(name, language) else {
                bail!("no template '{name}' in {language}; `dsar templates list` lists them");
            };
            write!(out, "{source}")?;
            Ok(())
        }
    }
}
