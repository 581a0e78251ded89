//! Signing identities and detached CMS signatures (issue 14): PKCS#12 files
//! written and read back, organisations' files made by the `openssl`
//! command, and signatures that verify only over the bytes that were signed.

use std::process::Command;

use s11core::dates::Timestamp;
use s11core::identity::{
    fingerprint_of, format_fingerprint, verify_detached, Identity, IdentityError, SignatureError,
};

pub const SIGNED_AT: Timestamp = Timestamp(1_646_920_800); // 10 March 2022, 14:00 UTC

/// RSA 3072 key generation takes a moment; tests share one identity each.
pub fn sarah() -> &'static Identity {
    static ID: std::sync::OnceLock<Identity> = std::sync::OnceLock::new();
    ID.get_or_init(|| Identity::create("Sarah Taylor", "Chair", SIGNED_AT).expect("identity"))
}

pub fn mallory() -> &'static Identity {
    static ID: std::sync::OnceLock<Identity> = std::sync::OnceLock::new();
    ID.get_or_init(|| Identity::create("Sarah Taylor", "Chair", SIGNED_AT).expect("identity"))
}

#[test]
#[cfg_attr(
    windows,
    ignore = "checked with openssl, Linux programs that a Windows test under Wine cannot read from; runs in ./.ci/test"
)]
fn a_new_identity_names_its_holder_and_survives_a_pkcs12_round_trip() {
    let id = sarah();
    assert_eq!(id.common_name(), "Sarah Taylor");
    assert_eq!(id.role().as_deref(), Some("Chair"));
    assert_eq!(id.fingerprint(), fingerprint_of(id.certificate_der()));
    assert_eq!(id.fingerprint().len(), 64);
    assert!(id
        .fingerprint()
        .bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
    assert_eq!(
        id.not_after(),
        "10 March 2027",
        "five years (1826 days, one leap day among them) from 10 March 2022"
    );
    assert_eq!(format_fingerprint(&id.fingerprint()).len(), 64 + 15);

    let p12 = id.to_pkcs12("correct horse battery").expect("p12");
    let back = Identity::from_pkcs12(&p12, "correct horse battery").expect("reads back");
    assert_eq!(
        back.certificate_der(),
        id.certificate_der(),
        "the same certificate"
    );
    assert_eq!(back.role().as_deref(), Some("Chair"));
    // The key came back too: what it signs verifies under the certificate.
    let cms = back.sign_detached(b"minutes", SIGNED_AT).expect("sign");
    let facts = verify_detached(&cms, b"minutes").expect("verifies");
    assert_eq!(facts.fingerprint, id.fingerprint());

    // What OpenSSL 3 writes by default: PBES2 with AES-256-CBC.
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("sarah.p12");
    std::fs::write(&path, &p12).expect("write");
    let info = Command::new("openssl")
        .args([
            "pkcs12",
            "-info",
            "-noout",
            "-passin",
            "pass:correct horse battery",
            "-in",
        ])
        .arg(&path)
        .output()
        .expect("openssl");
    let text =
        String::from_utf8_lossy(&info.stderr).to_string() + &String::from_utf8_lossy(&info.stdout);
    assert!(info.status.success(), "openssl reads our PKCS#12: {text}");
    assert!(
        text.contains("PBES2") && text.contains("AES-256-CBC"),
        "AES-256 under PBES2, not the old RC2/3DES: {text}"
    );
}

#[test]
fn a_wrong_or_short_passphrase_is_named_as_such() {
    let p12 = sarah().to_pkcs12("correct horse battery").expect("p12");
    assert!(
        matches!(
            Identity::from_pkcs12(&p12, "Correct horse battery"),
            Err(IdentityError::WrongPassphrase)
        ),
        "a wrong passphrase has its own message, not 'unreadable'"
    );
    assert!(matches!(
        sarah().to_pkcs12("short"),
        Err(IdentityError::ShortPassphrase)
    ));
    assert!(matches!(
        Identity::from_pkcs12(b"%PDF-1.7 not a p12", "whatever123"),
        Err(IdentityError::NotPkcs12(_))
    ));
    assert!(matches!(
        Identity::create("  ", "Chair", SIGNED_AT),
        Err(IdentityError::NoName)
    ));
}

fn openssl(dir: &std::path::Path, args: &[&str]) {
    let out = Command::new("openssl")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("openssl");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
#[cfg_attr(
    windows,
    ignore = "checked with openssl, Linux programs that a Windows test under Wine cannot read from; runs in ./.ci/test"
)]
fn a_pkcs12_issued_by_an_organisation_with_an_ec_key_and_a_ca_signs_too() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    openssl(
        d,
        &[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "30",
            "-subj",
            "/CN=Testshire Council CA",
        ],
    );
    openssl(
        d,
        &[
            "req",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            "m.key",
            "-out",
            "m.csr",
            "-subj",
            "/CN=Amir Khan/title=Panel member",
        ],
    );
    openssl(
        d,
        &[
            "x509",
            "-req",
            "-in",
            "m.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "m.pem",
            "-days",
            "30",
        ],
    );
    openssl(
        d,
        &[
            "pkcs12",
            "-export",
            "-inkey",
            "m.key",
            "-in",
            "m.pem",
            "-certfile",
            "ca.pem",
            "-passout",
            "pass:organisation1",
            "-out",
            "m.pfx",
        ],
    );
    let bytes = std::fs::read(d.join("m.pfx")).expect("pfx");
    let id = Identity::from_pkcs12(&bytes, "organisation1").expect("an EC identity opens");
    assert_eq!(id.common_name(), "Amir Khan");
    assert_eq!(id.role().as_deref(), Some("Panel member"));
    assert_eq!(id.chain_der().len(), 1, "the issuing CA comes with it");
    let cms = id.sign_detached(b"report", SIGNED_AT).expect("ECDSA signs");
    let facts = verify_detached(&cms, b"report").expect("and verifies");
    assert_eq!(facts.common_name, "Amir Khan");
    assert_eq!(
        verify_detached(&cms, b"Report"),
        Err(SignatureError::Altered)
    );
    // The organisation's CA is embedded, so `openssl cms -verify` with that
    // CA as trust root accepts the signature: what we write is standard CMS.
    std::fs::write(d.join("sig.der"), &cms).expect("write");
    std::fs::write(d.join("data"), b"report").expect("write");
    openssl(
        d,
        &[
            "cms",
            "-verify",
            "-binary",
            "-inform",
            "DER",
            "-in",
            "sig.der",
            "-content",
            "data",
            "-CAfile",
            "ca.pem",
            "-purpose",
            "any",
            "-out",
            "/dev/null",
        ],
    );
}

#[test]
#[cfg_attr(
    windows,
    ignore = "checked with openssl, Linux programs that a Windows test under Wine cannot read from; runs in ./.ci/test"
)]
fn an_old_rc2_pfx_is_refused_with_how_to_convert_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    openssl(
        d,
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "o.key",
            "-out",
            "o.pem",
            "-days",
            "3",
            "-subj",
            "/CN=Old Council",
        ],
    );
    // What older Windows exports: certificates under RC2-40, SHA-1 MAC.
    openssl(
        d,
        &[
            "pkcs12",
            "-export",
            "-legacy",
            "-inkey",
            "o.key",
            "-in",
            "o.pem",
            "-passout",
            "pass:organisation1",
            "-out",
            "old.pfx",
        ],
    );
    let bytes = std::fs::read(d.join("old.pfx")).expect("pfx");
    match Identity::from_pkcs12(&bytes, "organisation1") {
        Err(e @ IdentityError::LegacyEncryption) => {
            assert!(e.to_string().contains("openssl pkcs12"), "says how: {e}")
        }
        other => panic!("an RC2 file is named as old encryption, got {other:?}"),
    }
    assert!(
        matches!(
            Identity::from_pkcs12(&bytes, "organisation2"),
            Err(IdentityError::WrongPassphrase)
        ),
        "a wrong passphrase is still told apart"
    );
}

#[test]
#[cfg_attr(
    windows,
    ignore = "checked with openssl, Linux programs that a Windows test under Wine cannot read from; runs in ./.ci/test"
)]
fn a_detached_signature_verifies_only_over_what_was_signed() {
    let id = sarah();
    let data = b"{\"format\":\"section11-panel/signed-report\"}";
    let cms = id.sign_detached(data, SIGNED_AT).expect("sign");
    assert_eq!(
        id.sign_detached(data, SIGNED_AT).expect("again"),
        cms,
        "RSA PKCS#1 v1.5 and a passed-in time: the same bytes every time"
    );
    let facts = verify_detached(&cms, data).expect("verifies");
    assert_eq!(facts.common_name, "Sarah Taylor");
    assert_eq!(facts.role.as_deref(), Some("Chair"));
    assert_eq!(facts.signing_time, Some(SIGNED_AT), "the time passed in");
    assert_eq!(facts.certificate_der, id.certificate_der());

    // Other data: the signature holds, the digest does not.
    let mut other = data.to_vec();
    other[3] ^= 1;
    assert_eq!(verify_detached(&cms, &other), Err(SignatureError::Altered));

    // The signing time inside the signed attributes moved by one second.
    // "220310140000Z" is how UTCTime writes 10 March 2022 14:00:00.
    let needle = b"220310140000Z";
    let at = cms
        .windows(needle.len())
        .position(|w| w == needle)
        .expect("the signing time is a UTCTime in the attributes");
    let mut moved = cms.clone();
    moved[at + 11] = b'1';
    assert_eq!(
        verify_detached(&moved, data),
        Err(SignatureError::BadSignature),
        "the signed attributes are covered by the signature"
    );

    // Another identity with the same name cannot pass for this one.
    let forged = mallory().sign_detached(data, SIGNED_AT).expect("sign");
    let f = verify_detached(&forged, data).expect("valid in itself");
    assert_ne!(
        f.fingerprint, facts.fingerprint,
        "told apart by fingerprint"
    );

    // Not CMS at all: cannot check, which is not the same as altered.
    let e = verify_detached(b"\x30\x03\x02\x01\x01", data).expect_err("garbage");
    assert!(!e.is_invalid(), "{e:?} is 'cannot read', not 'altered'");

    // OpenSSL agrees that it is a valid detached CMS signature.
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("sig.der"), &cms).expect("write");
    std::fs::write(dir.path().join("data"), data).expect("write");
    std::fs::write(dir.path().join("cert.der"), id.certificate_der()).expect("write");
    openssl(
        dir.path(),
        &[
            "x509", "-inform", "DER", "-in", "cert.der", "-out", "cert.pem",
        ],
    );
    openssl(
        dir.path(),
        &[
            "cms",
            "-verify",
            "-binary",
            "-inform",
            "DER",
            "-in",
            "sig.der",
            "-content",
            "data",
            "-CAfile",
            "cert.pem",
            "-purpose",
            "any",
            "-out",
            "/dev/null",
        ],
    );
}
