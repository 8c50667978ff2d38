//! Fields that come and go with a choice: the document's kind for an
//! identity document, the child's date of birth for guardian proof, the
//! represented person for a guardian or an agent. A hidden field keeps what
//! was typed into it, so choosing back brings it back as it was. Part of
//! `update`: pure.

use super::state::{Dialog, DialogKind};

/// Shows and hides the fields that depend on the dialog's choices; the
/// focus stays on the field it was on.
pub fn refit(d: &mut Dialog) {
    match d.kind {
        DialogKind::Verify => {
            let method = d.field("method");
            let verified = d.field("result") == "verified";
            show(d, "document", "result", method == "id-document");
            show(d, "born", "result", method == "guardian-proof");
            for f in d.fields.iter_mut().chain(d.hidden.iter_mut()) {
                match f.name {
                    // A child's age is only needed to accept a guardian's proof.
                    "born" => f.required = verified,
                    "reference" if method == "id-document" => f.label = "verify.reference-last4",
                    "reference" => f.label = "verify.reference",
                    _ => {}
                }
            }
        }
        DialogKind::Intake | DialogKind::Party => {
            let for_another = d.field("relationship") != "self";
            show(d, "subject_name", "relationship", for_another);
            show(d, "subject_email", "subject_name", for_another);
        }
        _ => {}
    }
}

/// Moves field `name` between the form (placed after `after`) and the hidden ones.
fn show(d: &mut Dialog, name: &str, after: &str, visible: bool) {
    let focused = d.fields.get(d.focus).map(|f| f.name);
    if visible {
        if let Some(i) = d.hidden.iter().position(|f| f.name == name) {
            let field = d.hidden.remove(i);
            let at = d.fields.iter().position(|f| f.name == after).map_or(d.fields.len(), |i| i + 1);
            d.fields.insert(at, field);
        }
    } else if let Some(i) = d.fields.iter().position(|f| f.name == name) {
        let mut field = d.fields.remove(i);
        field.error = None;
        d.hidden.push(field);
    }
    d.focus = focused.and_then(|n| d.fields.iter().position(|f| f.name == n)).unwrap_or(0);
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::dialog_build::dialog;
    use super::super::field::{Field, Input};
    use super::*;

    fn opts(ids: &[&str]) -> Vec<(String, String)> {
        ids.iter().map(|i| (i.to_string(), i.to_string())).collect()
    }

    fn names(d: &Dialog) -> Vec<&str> {
        d.fields.iter().map(|f| f.name).collect()
    }

    fn choose(d: &mut Dialog, name: &str, id: &str) {
        let f = d.fields.iter_mut().find(|f| f.name == name).unwrap();
        if let Input::Choice(opts, i) = &mut f.input {
            *i = opts.iter().position(|(o, _)| o == id).unwrap();
        }
        refit(d);
    }

    #[test]
    fn verification_fields_follow_the_method_and_keep_what_was_typed() {
        let fields = vec![
            Field::choice("method", "m", opts(&["call", "id-document", "guardian-proof"]), 0),
            Field::choice("result", "r", opts(&["verified", "failed"]), 0),
            Field::choice("document", "d", opts(&["passport"]), 0),
            Field::text("born", "b", "", true),
            Field::text("reference", "verify.reference", "", false),
            Field::text("note", "n", "", false),
        ];
        let mut d = dialog(DialogKind::Verify, None, String::new(), fields);
        refit(&mut d);
        assert_eq!(names(&d), ["method", "result", "reference", "note"]);
        choose(&mut d, "method", "guardian-proof");
        assert_eq!(names(&d), ["method", "result", "born", "reference", "note"]);
        d.fields[2].type_char('2');
        assert!(d.fields[2].required);
        choose(&mut d, "result", "failed");
        assert!(!d.fields[2].required, "a failed guardian proof needs no birth date");
        choose(&mut d, "method", "id-document");
        assert_eq!(names(&d), ["method", "result", "document", "reference", "note"]);
        assert_eq!(d.fields[3].label, "verify.reference-last4");
        assert_eq!(d.focus, 0, "the focus stays on the method");
        choose(&mut d, "method", "guardian-proof");
        assert_eq!(d.field("born"), "2", "typed text survives being hidden");
    }

    #[test]
    fn the_represented_person_is_asked_for_only_when_someone_else_writes() {
        let fields = vec![
            Field::choice("relationship", "r", opts(&["self", "authorised-agent"]), 0),
            Field::text("subject_name", "n", "", false),
            Field::text("subject_email", "e", "", false),
        ];
        let mut d = dialog(DialogKind::Party, None, String::new(), fields);
        refit(&mut d);
        assert_eq!(names(&d), ["relationship"]);
        choose(&mut d, "relationship", "authorised-agent");
        assert_eq!(names(&d), ["relationship", "subject_name", "subject_email"]);
        d.focus = 2;
        choose(&mut d, "relationship", "self");
        assert_eq!((names(&d), d.focus), (vec!["relationship"], 0));
    }
}
