//! Reading the signer's secrets from disk: the key file (a mnemonic or an
//! xprv) and an optional passphrase file. Both must be private to their
//! owner (mode 0600 or stricter), as ssh insists for its keys: a secret
//! other users could read is already shared.

use std::fs::File;
use std::io::Read;
use std::path::Path;
use zeroize::Zeroizing;

/// Larger than any mnemonic (24 words) or xprv; a bigger file is not one.
const MAX_BYTES: u64 = 4096;

/// The text of a secret file, refused unless only its owner may read it.
pub fn read_secret(path: &Path, what: &str) -> Result<Zeroizing<String>, String> {
    let shown = path.display();
    let file = File::open(path).map_err(|e| format!("cannot open {what} {shown}: {e}"))?;
    let meta = file
        .metadata()
        .map_err(|e| format!("cannot read {what} {shown}: {e}"))?;
    if !meta.is_file() {
        return Err(format!("{what} {shown} is not a regular file"));
    }
    check_private(path, &meta, what)?;
    let mut bytes = Zeroizing::new(Vec::new());
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {what} {shown}: {e}"))?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(format!("{what} {shown} is larger than {MAX_BYTES} bytes"));
    }
    match std::str::from_utf8(&bytes) {
        Ok(text) => Ok(Zeroizing::new(text.to_string())),
        Err(_) => Err(format!("{what} {shown} is not UTF-8 text")),
    }
}

#[cfg(unix)]
fn check_private(path: &Path, meta: &std::fs::Metadata, what: &str) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt;
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        let shown = path.display();
        return Err(format!(
            "{what} {shown} is accessible to group or others (mode {mode:04o}); \
             make it private to its owner: chmod 600 {shown}"
        ));
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_private(_: &Path, _: &std::fs::Metadata, _: &str) -> Result<(), String> {
    Ok(())
}

/// A passphrase file's text without its final line break: editors add one,
/// and a passphrase that differs by it would silently open another wallet.
pub fn passphrase(text: &str) -> &str {
    let text = text.strip_suffix('\n').unwrap_or(text);
    text.strip_suffix('\r').unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_final_line_break_is_dropped() {
        assert_eq!(passphrase("TREZOR\n"), "TREZOR");
        assert_eq!(passphrase("TREZOR\r\n"), "TREZOR");
        assert_eq!(passphrase(" two words \n"), " two words ");
        assert_eq!(passphrase("x\n\n"), "x\n");
        assert_eq!(passphrase(""), "");
    }

    #[cfg(unix)]
    #[test]
    fn files_others_can_read_are_refused_with_the_fix() {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("coffer-keyfile-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("key");
        std::fs::write(&path, "secret words\n").unwrap();
        for (mode, ok) in [(0o600, true), (0o400, true), (0o640, false), (0o604, false)] {
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
            let got = read_secret(&path, "key file");
            match ok {
                true => assert_eq!(got.unwrap().as_str(), "secret words\n"),
                false => {
                    let e = got.unwrap_err();
                    assert!(e.contains("chmod 600"), "{e}");
                    assert!(!e.contains("secret"), "{e}");
                }
            }
        }
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        std::fs::write(&path, vec![b'a'; 5000]).unwrap();
        assert!(read_secret(&path, "key file")
            .unwrap_err()
            .contains("larger"));
        assert!(read_secret(&dir, "key file").is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
