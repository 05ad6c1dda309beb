//! Protecting personal data at rest: resident ID numbers are stored encrypted (AES-256-GCM,
//! random nonce) with a keyed hash (HMAC-SHA-256) beside them for uniqueness checks, so a
//! database dump alone reveals neither. The key comes from configuration, never the database.

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

/// The 32-byte data key.
#[derive(Clone)]
pub struct DataKey([u8; 32]);

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(…)")
    }
}

const VERSION: &str = "v1:";

impl DataKey {
    /// From 64 hex characters.
    pub fn from_hex(hex_key: &str) -> Result<DataKey, String> {
        let bytes = hex::decode(hex_key.trim())
            .map_err(|_| "must be 64 hex characters (32 bytes)".to_owned())?;
        let key: [u8; 32] = bytes
            .try_into()
            .map_err(|_| "must be 64 hex characters (32 bytes)".to_owned())?;
        Ok(DataKey(key))
    }

    pub fn generate() -> DataKey {
        let mut key = [0u8; 32];
        rand::rng().fill_bytes(&mut key);
        DataKey(key)
    }

    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    pub fn encrypt(&self, plaintext: &str) -> Result<String, String> {
        let cipher = Aes256Gcm::new_from_slice(&self.0).map_err(|e| e.to_string())?;
        let mut nonce = [0u8; 12];
        rand::rng().fill_bytes(&mut nonce);
        let sealed = cipher
            .encrypt(Nonce::from_slice(&nonce), plaintext.as_bytes())
            .map_err(|e| e.to_string())?;
        let mut out = nonce.to_vec();
        out.extend(sealed);
        Ok(format!("{VERSION}{}", STANDARD.encode(out)))
    }

    pub fn decrypt(&self, stored: &str) -> Result<String, String> {
        let body = stored
            .strip_prefix(VERSION)
            .ok_or("unknown ciphertext version")?;
        let bytes = STANDARD.decode(body).map_err(|e| e.to_string())?;
        let (nonce, sealed) = bytes.split_at_checked(12).ok_or("ciphertext too short")?;
        let cipher = Aes256Gcm::new_from_slice(&self.0).map_err(|e| e.to_string())?;
        let plain = cipher
            .decrypt(Nonce::from_slice(nonce), sealed)
            .map_err(|_| "cannot decrypt: wrong key or damaged data")?;
        String::from_utf8(plain).map_err(|e| e.to_string())
    }

    /// A keyed hash: equal inputs give equal outputs, but without the key it cannot be
    /// reversed or checked against a list of guesses.
    pub fn fingerprint(&self, value: &str) -> Result<String, String> {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.0).map_err(|e| e.to_string())?;
        mac.update(value.as_bytes());
        Ok(hex::encode(mac.finalize().into_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_tamper() {
        let k = DataKey::generate();
        let c1 = k.encrypt("11010519491231002X").unwrap();
        let c2 = k.encrypt("11010519491231002X").unwrap();
        assert_ne!(c1, c2, "a fresh nonce each time");
        assert!(!c1.contains("1101051949"));
        assert_eq!(k.decrypt(&c1).unwrap(), "11010519491231002X");
        assert!(
            DataKey::generate().decrypt(&c1).is_err(),
            "another key cannot read it"
        );
        let mut bad = c1.clone();
        bad.pop();
        bad.push('A');
        assert!(k.decrypt(&bad).is_err() || k.decrypt(&bad).unwrap() != "11010519491231002X");
        assert_eq!(k.fingerprint("x").unwrap(), k.fingerprint("x").unwrap());
        assert_ne!(
            k.fingerprint("x").unwrap(),
            DataKey::generate().fingerprint("x").unwrap()
        );
        assert!(DataKey::from_hex("abc").is_err());
        assert_eq!(
            DataKey::from_hex(&k.to_hex())
                .unwrap()
                .fingerprint("y")
                .unwrap(),
            k.fingerprint("y").unwrap()
        );
    }
}
