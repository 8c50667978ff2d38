//! Encryption at rest: where the database key comes from, and converting a
//! database between plain and encrypted (`dsar encrypt` / `dsar decrypt`).

use super::{Result, ServiceError};
use crate::config::Config;
use crate::secret::{Secret, secret_from_command};
use crate::store::{self, CipherError, Conversion, Converted, StoreError};
use std::path::Path;
use std::time::Duration;

/// The key, when set; it wins over `database.key_command`.
pub const KEY_VAR: &str = "DSAR_KEY";
/// How long `database.key_command` may take (it may ask for a passphrase).
const KEY_TIMEOUT: Duration = Duration::from_secs(120);

/// The database key: `DSAR_KEY` when it is set, else the output of
/// `database.key_command` when the configuration has one, else none (a
/// plain database). Never from the database or the command line.
pub fn database_key(config: Option<&Config>) -> Result<Option<Secret>> {
    if let Some(value) = std::env::var_os(KEY_VAR) {
        let key = Secret::new(value.into_string().map_err(|_| ServiceError::Usage(KEY_NOT_UTF8))?);
        if key.expose().is_empty() {
            return Err(ServiceError::Usage(KEY_EMPTY));
        }
        return Ok(Some(key));
    }
    match config.and_then(|c| c.database.key_command.as_deref()) {
        Some(command) => Ok(Some(secret_from_command(command, "key", KEY_TIMEOUT).map_err(ServiceError::KeyCommand)?)),
        None => Ok(None),
    }
}

const KEY_NOT_UTF8: &str = "DSAR_KEY is not valid UTF-8 text: set it to the database key, or unset it";
const KEY_EMPTY: &str = "DSAR_KEY is set but empty: set it to the database key, or unset it (unset DSAR_KEY)";
const NO_KEY: &str = "no database key is set: set the DSAR_KEY environment variable or database.key_command in the configuration (README: Encryption at rest)";

/// Encrypts or decrypts the database at `path` by way of a verified copy;
/// see [`store::convert`].
pub fn convert_database(path: &Path, how: Conversion, key: Option<Secret>) -> Result<Converted> {
    // Without encryption in this build, say so before asking for a key.
    if !store::ENCRYPTION_BUILT {
        return Err(StoreError::from(CipherError::CannotConvert { path: path.to_owned() }).into());
    }
    let key = key.ok_or(ServiceError::Usage(NO_KEY))?;
    Ok(store::convert(path, how, &key)?)
}
