//! The SMTP password from a command (`pass show smtp`, `secret-tool lookup ...`),
//! so it need not be written in the configuration file.

use super::error::SendError;
use super::settings::Password;
use crate::secret::secret_from_command;
use std::time::Duration;

/// Runs `sh -c command` and takes the first line of its output as the password;
/// see [`secret_from_command`]. Every failure is a setup error.
pub fn password_from_command(command: &str, timeout: Duration) -> Result<Password, SendError> {
    secret_from_command(command, "password", timeout).map_err(SendError::setup)
}
