//! `dsar code send|check`: one-time codes.

use super::args::CodeCommand;
use crate::service::Service;
use anyhow::{Result, bail};
use std::io::Write;

pub fn run(_svc: &mut Service, _c: &CodeCommand, _as_json: bool, _out: &mut dyn Write) -> Result<()> {
    bail!("one-time codes are being built")
}
