//! Files in transit (issue 19): a minute-taker's notes file is encrypted to
//! the chair's public key with the age format (age-encryption.org/v1,
//! X25519), through the `age` crate, so a notes file lost in the post or
//! forwarded by mistake reveals nothing.
//!
//! The chair's key is an age X25519 identity of its own, made with the
//! first minute pack and kept inside the chair's audit (table
//! `transit_key`): whoever can read that audit can read the minutes anyway,
//! a protected audit keeps it encrypted at rest, and a restored backup
//! still opens notes files sent before the loss. Each pack carries only
//! the public half (`age1…`).

use age::secrecy::ExposeSecret;

#[derive(Debug, thiserror::Error)]
pub enum TransitError {
    #[error("it is encrypted for another chair’s audit, so this audit cannot read it. Import it into the audit the minute pack was made from")]
    NotForThisAudit,
    #[error("it is encrypted but damaged ({0}). Ask the minute-taker to export their notes again")]
    Damaged(String),
    #[error("the chair’s key in the minute pack is not usable ({0}). Ask the chair for a new minute pack")]
    BadRecipient(String),
    #[error("it could not be encrypted: {0}")]
    Encrypt(String),
}

/// Whether `bytes` are an age-encrypted file.
pub fn is_encrypted(bytes: &[u8]) -> bool {
    bytes.starts_with(crate::files::AGE_HEADER)
}

/// A new chair's key: (secret `AGE-SECRET-KEY-1…`, public `age1…`).
pub fn new_key() -> (String, String) {
    let identity = age::x25519::Identity::generate();
    let public = identity.to_public().to_string();
    (identity.to_string().expose_secret().to_string(), public)
}

/// The public half of a secret key.
pub fn public_of(secret: &str) -> Option<String> {
    secret
        .parse::<age::x25519::Identity>()
        .ok()
        .map(|i| i.to_public().to_string())
}

pub fn encrypt_to(recipient: &str, plaintext: &[u8]) -> Result<Vec<u8>, TransitError> {
    let recipient: age::x25519::Recipient = recipient
        .parse()
        .map_err(|e: &str| TransitError::BadRecipient(e.to_string()))?;
    age::encrypt(&recipient, plaintext).map_err(|e| TransitError::Encrypt(e.to_string()))
}

pub fn decrypt_with(secret: &str, ciphertext: &[u8]) -> Result<Vec<u8>, TransitError> {
    let identity: age::x25519::Identity = secret
        .parse()
        .map_err(|e: &str| TransitError::Damaged(e.to_string()))?;
    age::decrypt(&identity, ciphertext).map_err(|e| match e {
        age::DecryptError::NoMatchingKeys => TransitError::NotForThisAudit,
        other => TransitError::Damaged(other.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_chairs_key_opens_a_file_sealed_to_it() {
        let (secret, public) = new_key();
        let sealed = encrypt_to(&public, b"Ann: the child said").expect("sealed");
        assert!(is_encrypted(&sealed));
        assert!(!sealed.windows(9).any(|w| w == b"the child"));
        assert_eq!(
            decrypt_with(&secret, &sealed).ok(),
            Some(b"Ann: the child said".to_vec())
        );
        let (other, _) = new_key();
        assert!(matches!(
            decrypt_with(&other, &sealed),
            Err(TransitError::NotForThisAudit)
        ));
        assert_eq!(public_of(&secret), Some(public));
    }
}
