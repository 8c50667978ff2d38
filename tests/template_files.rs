//! The template files in assets/ and the names the binary ships agree: a file
//! nobody embeds, or a language left out, is caught here.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

fn names_in(lang: &str) -> BTreeSet<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/templates").join(lang);
    fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .map(|f| f.strip_suffix(".txt").map(str::to_owned).unwrap_or_else(|| panic!("{lang}/{f}: not a .txt file")))
        .collect()
}

#[test]
fn every_language_folder_holds_exactly_the_shipped_names() {
    let shipped: BTreeSet<String> = dsar::templates::NAMES.iter().map(|n| (*n).to_owned()).collect();
    for lang in dsar::domain::Language::ALL {
        assert_eq!(names_in(lang.as_str()), shipped, "assets/templates/{lang}");
    }
    let folders: BTreeSet<String> = fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/templates"))
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    let languages: BTreeSet<String> = dsar::domain::Language::ALL.iter().map(|l| l.as_str().to_owned()).collect();
    assert_eq!(folders, languages);
}
