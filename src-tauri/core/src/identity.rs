//! Signing identities (issue 14): one person's private key and X.509
//! certificate, kept in a PKCS#12 file behind a passphrase, and the CMS
//! signatures made with them.
//!
//! A signature here is a detached CMS SignedData (RFC 5652) as PAdES
//! baseline B-B asks for: SHA-256, the signer's certificate embedded, and
//! the signed attributes contentType, signingTime, messageDigest and the
//! ESS signing-certificate-v2 (RFC 5035), which binds the signature to that
//! certificate so it cannot be swapped for another with the same key.
//!
//! The work is split between two libraries on purpose. OpenSSL (through the
//! `openssl` crate, over the OpenSSL SQLCipher already builds) does what
//! needs cryptography: keys, certificates, PKCS#12, and the raw RSA/ECDSA
//! signature. The CMS structure is assembled and read with RustCrypto's
//! ASN.1 types, because OpenSSL's CMS_sign as the crate exposes it always
//! stamps the current time, and the core never reads the clock: the signing
//! time is passed in, so the same input always gives the same bytes.
//!
//! What a signature proves: that whoever holds this key signed exactly
//! these bytes. A self-signed certificate says nothing about who holds the
//! key; that is what the published fingerprint of the certificate is for.

use std::time::Duration;

use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
};
use const_oid::ObjectIdentifier;
use der::asn1::{GeneralizedTime, OctetString, SetOfVec, UtcTime};
use der::{Any, Decode, Encode, Sequence};
use openssl::asn1::{Asn1Integer, Asn1Time};
use openssl::bn::{BigNum, MsbOption};
use openssl::hash::MessageDigest;
use openssl::nid::Nid;
use openssl::pkcs12::Pkcs12;
use openssl::pkey::{Id, PKey, Private};
use openssl::rsa::Rsa;
use openssl::sign::{Signer, Verifier};
use openssl::stack::Stack;
use openssl::x509::extension::{BasicConstraints, KeyUsage, SubjectKeyIdentifier};
use openssl::x509::{X509Builder, X509NameBuilder, X509};
use sha2::{Digest, Sha256};
use x509_cert::attr::Attribute;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::serial_number::SerialNumber;
use x509_cert::spki::AlgorithmIdentifierOwned;
use x509_cert::time::Time;
use x509_cert::Certificate;

use crate::dates::Timestamp;

/// RSA 3072: every PDF reader in use verifies RSA, and 3072 bits is what
/// current guidance (NIST SP 800-57, NCSC) asks for beyond 2030.
const RSA_BITS: u32 = 3072;
/// Five years, counted in days (a leap day included).
const VALIDITY_DAYS: i64 = 5 * 365 + 1;
/// NCSC guidance for passphrases is length over complexity; eight
/// characters is the least that is not trivially guessed offline.
pub const MIN_PASSPHRASE_CHARS: usize = 8;

const ID_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
const ID_SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
const ID_CONTENT_TYPE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.3");
const ID_MESSAGE_DIGEST: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
const ID_SIGNING_TIME: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.5");
const ID_SIGNING_CERTIFICATE_V2: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47");
const ID_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
const ID_SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.2");
const ID_SHA512: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.3");
const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const SHA256_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.11");
const SHA384_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.12");
const SHA512_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.13");
const ECDSA_WITH_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");
const ECDSA_WITH_SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.3");
const ECDSA_WITH_SHA512: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.4");
const EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");

/// What can go wrong making, opening or using a signing identity.
#[derive(Debug, thiserror::Error)]
pub enum IdentityError {
    #[error("a signing identity needs the signer’s name: please give one")]
    NoName,
    #[error("the passphrase is too short: use at least {MIN_PASSPHRASE_CHARS} characters (a few words together are easy to remember and hard to guess)")]
    ShortPassphrase,
    #[error("the passphrase is not the one this signing identity was saved with; please try again (passphrases are case-sensitive)")]
    WrongPassphrase,
    #[error("this file is not a signing identity that can be read (a .p12 or .pfx file holding a private key and its certificate): {0}")]
    NotPkcs12(String),
    #[error("this signing identity is protected with old encryption (RC2 or RC4) that Section 11 Panel does not read; ask whoever issued it for a copy exported with AES (in Windows: “TripleDES-SHA1” or “AES256-SHA256”), or convert it with: openssl pkcs12 -legacy -in OLD.pfx -nodes | openssl pkcs12 -export -out NEW.p12")]
    LegacyEncryption,
    #[error("this file holds no private key, so nobody can sign with it; use the .p12 or .pfx file that includes the private key")]
    NoKey,
    #[error("this file holds a private key but no certificate; use the .p12 or .pfx file that includes the certificate")]
    NoCertificate,
    #[error("this file’s private key does not belong to its certificate, so signatures made with it would not verify; ask whoever issued it for a correct copy")]
    KeyMismatch,
    #[error("this signing identity uses a kind of key that PDF readers do not all accept ({0}); use an RSA or EC (P-256, P-384) key")]
    UnsupportedKey(String),
    #[error("the certificate in this signing identity cannot be read ({0}); ask whoever issued it for a new one")]
    Certificate(String),
    #[error("signing failed ({0}); please report this, with the steps that led to it")]
    Crypto(String),
    #[error("the signing time {0} cannot be written in a signature (it is before 1970)")]
    Time(i64),
}

/// Why a detached signature did not verify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// The bytes are not a CMS signature we can read: nothing can be said
    /// about whether the data was signed.
    #[error("the signature cannot be read ({0})")]
    Unreadable(String),
    /// Readable, but made with an algorithm we do not check.
    #[error("the signature uses {0}, which Section 11 Panel cannot check")]
    Unsupported(String),
    /// The signed bytes changed after signing.
    #[error("what was signed has been changed since it was signed")]
    Altered,
    /// The signature does not match the certificate it names, or the
    /// signed attributes were changed after signing.
    #[error("the signature does not match its signer’s certificate: the signature or its signed details were altered")]
    BadSignature,
}

impl SignatureError {
    /// True when the signature is readable and shows a change or a forgery
    /// (as against "cannot check").
    pub fn is_invalid(&self) -> bool {
        matches!(self, SignatureError::Altered | SignatureError::BadSignature)
    }
}

/// What a verified signature says about who signed and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignerFacts {
    pub certificate_der: Vec<u8>,
    /// SHA-256 of `certificate_der`, 64 lower-case hex digits.
    pub fingerprint: String,
    pub common_name: String,
    pub role: Option<String>,
    /// The signingTime signed attribute, when present.
    pub signing_time: Option<Timestamp>,
}

/// A person's private key and certificate, with the certificates of
/// whoever issued it when an organisation did.
pub struct Identity {
    key: PKey<Private>,
    certificate: X509,
    certificate_der: Vec<u8>,
    chain: Vec<X509>,
}

impl std::fmt::Debug for Identity {
    // Never print the key.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Identity")
            .field("common_name", &self.common_name())
            .field("fingerprint", &self.fingerprint())
            .finish_non_exhaustive()
    }
}

fn crypto(e: openssl::error::ErrorStack) -> IdentityError {
    IdentityError::Crypto(e.to_string())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 of a certificate's DER, 64 lower-case hex digits: what
/// `sha256sum cert.der` or `openssl x509 -fingerprint -sha256` shows.
pub fn fingerprint_of(cert_der: &[u8]) -> String {
    hex(&Sha256::digest(cert_der))
}

/// A fingerprint in groups of four, for printing and reading aloud.
pub fn format_fingerprint(hex: &str) -> String {
    hex.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

fn subject_entry(cert: &openssl::x509::X509Ref, nid: Nid) -> Option<String> {
    cert.subject_name()
        .entries_by_nid(nid)
        .next()
        .and_then(|e| e.data().to_string().ok())
}

/// The name and role a certificate gives its subject: the common name
/// (CN) and the title (OID 2.5.4.12), as `Identity::create` writes them.
pub fn certificate_names(cert_der: &[u8]) -> Result<(String, Option<String>), IdentityError> {
    let cert = X509::from_der(cert_der).map_err(|e| IdentityError::Certificate(e.to_string()))?;
    Ok((
        subject_entry(&cert, Nid::COMMONNAME).unwrap_or_default(),
        subject_entry(&cert, Nid::TITLE).filter(|t| !t.is_empty()),
    ))
}

fn asn1_to_timestamp(t: &openssl::asn1::Asn1TimeRef) -> Option<Timestamp> {
    let epoch = Asn1Time::from_unix(0).ok()?;
    let diff = epoch.diff(t).ok()?;
    Some(Timestamp(
        i64::from(diff.days) * 86_400 + i64::from(diff.secs),
    ))
}

/// Certificates from a file a partnership publishes or a signer sends:
/// PEM (one or more "BEGIN CERTIFICATE" blocks) or a single DER
/// certificate. Returns each certificate's DER.
pub fn read_certificates(bytes: &[u8]) -> Result<Vec<Vec<u8>>, IdentityError> {
    let certs = if bytes.windows(10).any(|w| w == b"-----BEGIN") {
        X509::stack_from_pem(bytes).map_err(|e| IdentityError::Certificate(e.to_string()))?
    } else {
        vec![X509::from_der(bytes).map_err(|e| IdentityError::Certificate(e.to_string()))?]
    };
    if certs.is_empty() {
        return Err(IdentityError::Certificate(
            "the file holds no certificate".into(),
        ));
    }
    certs
        .iter()
        .map(|c| {
            c.to_der()
                .map_err(|e| IdentityError::Certificate(e.to_string()))
        })
        .collect()
}

/// A fingerprint as people copy it (upper or lower case, with spaces or
/// colons between groups) in the form [`fingerprint_of`] gives, or `None`
/// when it is not 64 hex digits.
pub fn normalise_fingerprint(text: &str) -> Option<String> {
    let hex: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ':')
        .collect::<String>()
        .to_ascii_lowercase();
    (hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit())).then_some(hex)
}

impl Identity {
    /// A new self-signed identity for `name` (the certificate's CN), with
    /// `role` as its title when given, valid for five years from `now`.
    pub fn create(name: &str, role: &str, now: Timestamp) -> Result<Identity, IdentityError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(IdentityError::NoName);
        }
        let key = PKey::from_rsa(Rsa::generate(RSA_BITS).map_err(crypto)?).map_err(crypto)?;
        let mut subject = X509NameBuilder::new().map_err(crypto)?;
        subject
            .append_entry_by_nid(Nid::COMMONNAME, name)
            .map_err(|e| IdentityError::Certificate(e.to_string()))?;
        let role = role.trim();
        if !role.is_empty() {
            subject
                .append_entry_by_nid(Nid::TITLE, role)
                .map_err(|e| IdentityError::Certificate(e.to_string()))?;
        }
        let subject = subject.build();
        // 159 random bits, top bit clear: positive, at most 20 octets, as
        // RFC 5280 asks, and unique without keeping any counter.
        let mut serial = BigNum::new().map_err(crypto)?;
        serial
            .rand(159, MsbOption::MAYBE_ZERO, false)
            .map_err(crypto)?;
        let serial = Asn1Integer::from_bn(&serial).map_err(crypto)?;
        let not_before = Asn1Time::from_unix(now.0).map_err(crypto)?;
        let not_after =
            Asn1Time::from_unix(now.0.saturating_add(VALIDITY_DAYS * 86_400)).map_err(crypto)?;
        let mut b = X509Builder::new().map_err(crypto)?;
        b.set_version(2).map_err(crypto)?;
        b.set_serial_number(&serial).map_err(crypto)?;
        b.set_subject_name(&subject).map_err(crypto)?;
        b.set_issuer_name(&subject).map_err(crypto)?;
        b.set_pubkey(&key).map_err(crypto)?;
        b.set_not_before(&not_before).map_err(crypto)?;
        b.set_not_after(&not_after).map_err(crypto)?;
        // An end entity that signs documents: not a CA, and its key usage
        // says so (nonRepudiation is what pyHanko and Adobe look for on a
        // document signer).
        b.append_extension(BasicConstraints::new().critical().build().map_err(crypto)?)
            .map_err(crypto)?;
        b.append_extension(
            KeyUsage::new()
                .critical()
                .digital_signature()
                .non_repudiation()
                .build()
                .map_err(crypto)?,
        )
        .map_err(crypto)?;
        let ski = SubjectKeyIdentifier::new()
            .build(&b.x509v3_context(None, None))
            .map_err(crypto)?;
        b.append_extension(ski).map_err(crypto)?;
        b.sign(&key, MessageDigest::sha256()).map_err(crypto)?;
        let certificate = b.build();
        Identity::from_parts(key, certificate, Vec::new())
    }

    fn from_parts(
        key: PKey<Private>,
        certificate: X509,
        chain: Vec<X509>,
    ) -> Result<Identity, IdentityError> {
        match key.id() {
            Id::RSA | Id::EC => {}
            other => return Err(IdentityError::UnsupportedKey(format!("{other:?}"))),
        }
        let public = certificate
            .public_key()
            .map_err(|e| IdentityError::Certificate(e.to_string()))?;
        if !public.public_eq(&key) {
            return Err(IdentityError::KeyMismatch);
        }
        let certificate_der = certificate
            .to_der()
            .map_err(|e| IdentityError::Certificate(e.to_string()))?;
        // The CMS embeds the certificate through RustCrypto's types; one
        // whose DER would not survive that round trip byte for byte would
        // give signatures whose certificate no longer verifies, so it is
        // refused here, at opening, not at the first signature.
        let reencoded = Certificate::from_der(&certificate_der)
            .and_then(|c| c.to_der())
            .map_err(|e| IdentityError::Certificate(e.to_string()))?;
        if reencoded != certificate_der {
            return Err(IdentityError::Certificate(
                "it is not in strict DER form".into(),
            ));
        }
        Ok(Identity {
            key,
            certificate,
            certificate_der,
            chain,
        })
    }

    /// The identity in PKCS#12 form, encrypted as OpenSSL 3 does by default
    /// (PBES2 with AES-256-CBC and PBKDF2, a SHA-256 MAC): what current
    /// Windows, macOS and Adobe import.
    pub fn to_pkcs12(&self, passphrase: &str) -> Result<Vec<u8>, IdentityError> {
        if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
            return Err(IdentityError::ShortPassphrase);
        }
        let mut builder = Pkcs12::builder();
        builder
            .name(&self.common_name())
            .pkey(&self.key)
            .cert(&self.certificate);
        if !self.chain.is_empty() {
            let mut stack = Stack::new().map_err(crypto)?;
            for c in &self.chain {
                stack.push(c.clone()).map_err(crypto)?;
            }
            builder.ca(stack);
        }
        builder
            .build2(passphrase)
            .and_then(|p| p.to_der())
            .map_err(crypto)
    }

    /// Opens a PKCS#12 file (.p12 or .pfx), ours or one an organisation
    /// issued, with an RSA or EC key.
    pub fn from_pkcs12(bytes: &[u8], passphrase: &str) -> Result<Identity, IdentityError> {
        let p12 = Pkcs12::from_der(bytes).map_err(|e| IdentityError::NotPkcs12(e.to_string()))?;
        let parsed = p12.parse2(passphrase).map_err(|e| {
            let reasons: Vec<String> = e
                .errors()
                .iter()
                .filter_map(|r| r.reason().map(str::to_lowercase))
                .collect();
            if reasons.iter().any(|r| r.contains("mac verify failure")) {
                IdentityError::WrongPassphrase
            } else if reasons
                .iter()
                .any(|r| r.contains("unsupported") || r.contains("fetch failed"))
            {
                IdentityError::LegacyEncryption
            } else {
                IdentityError::NotPkcs12(e.to_string())
            }
        })?;
        let key = parsed.pkey.ok_or(IdentityError::NoKey)?;
        let certificate = parsed.cert.ok_or(IdentityError::NoCertificate)?;
        let chain = parsed
            .ca
            .map(|s| s.into_iter().collect())
            .unwrap_or_default();
        Identity::from_parts(key, certificate, chain)
    }

    pub fn certificate_der(&self) -> &[u8] {
        &self.certificate_der
    }

    /// The certificate in PEM form, to publish or pass to `--trust`.
    pub fn certificate_pem(&self) -> Result<String, IdentityError> {
        self.certificate
            .to_pem()
            .map(|p| String::from_utf8_lossy(&p).into_owned())
            .map_err(crypto)
    }

    /// The DER of the issuing certificates carried with it, if any.
    pub fn chain_der(&self) -> Vec<Vec<u8>> {
        self.chain.iter().filter_map(|c| c.to_der().ok()).collect()
    }

    /// SHA-256 of the certificate, 64 lower-case hex digits.
    pub fn fingerprint(&self) -> String {
        fingerprint_of(&self.certificate_der)
    }

    pub fn common_name(&self) -> String {
        subject_entry(&self.certificate, Nid::COMMONNAME).unwrap_or_default()
    }

    pub fn role(&self) -> Option<String> {
        subject_entry(&self.certificate, Nid::TITLE).filter(|t| !t.is_empty())
    }

    /// The last day the certificate is valid, "29 November 2031".
    pub fn not_after(&self) -> String {
        match self.not_after_timestamp() {
            Some(t) => t.date().british(),
            None => self.certificate.not_after().to_string(),
        }
    }

    pub fn not_after_timestamp(&self) -> Option<Timestamp> {
        asn1_to_timestamp(self.certificate.not_after())
    }

    pub fn not_before_timestamp(&self) -> Option<Timestamp> {
        asn1_to_timestamp(self.certificate.not_before())
    }

    /// A detached CMS SignedData (DER) over `data`, SHA-256, with the
    /// certificate (and any chain) embedded and the signed attributes
    /// contentType, signingTime = `signing_time`, messageDigest and
    /// signing-certificate-v2. Deterministic for RSA keys: the same data,
    /// time and identity give the same bytes. (ECDSA signatures carry a
    /// random nonce.)
    pub fn sign_detached(
        &self,
        data: &[u8],
        signing_time: Timestamp,
    ) -> Result<Vec<u8>, IdentityError> {
        let der_err = |e: der::Error| IdentityError::Crypto(e.to_string());
        let cert = Certificate::from_der(&self.certificate_der)
            .map_err(|e| IdentityError::Certificate(e.to_string()))?;
        let issuer = cert.tbs_certificate.issuer.clone();
        let serial = cert.tbs_certificate.serial_number.clone();

        let digest = Sha256::digest(data);
        let attrs = vec![
            attribute(
                ID_CONTENT_TYPE,
                Any::encode_from(&ID_DATA).map_err(der_err)?,
            )?,
            attribute(
                ID_SIGNING_TIME,
                Any::encode_from(&cms_time(signing_time)?).map_err(der_err)?,
            )?,
            attribute(
                ID_MESSAGE_DIGEST,
                Any::encode_from(&OctetString::new(digest.to_vec()).map_err(der_err)?)
                    .map_err(der_err)?,
            )?,
            attribute(
                ID_SIGNING_CERTIFICATE_V2,
                Any::encode_from(&SigningCertificateV2 {
                    certs: vec![EssCertIdV2 {
                        // Absent means SHA-256 (the DEFAULT in RFC 5035).
                        hash_algorithm: None,
                        cert_hash: OctetString::new(Sha256::digest(&self.certificate_der).to_vec())
                            .map_err(der_err)?,
                        issuer_serial: Some(IssuerSerial {
                            issuer: vec![GeneralName::DirectoryName(issuer.clone())],
                            serial_number: serial.clone(),
                        }),
                    }],
                    policies: None,
                })
                .map_err(der_err)?,
            )?,
        ];
        let signed_attrs: SetOfVec<Attribute> = SetOfVec::try_from(attrs).map_err(der_err)?;
        // The signature covers the DER of the attributes as a SET OF
        // (tag 0x31), not the [0] IMPLICIT form they take inside
        // SignerInfo (RFC 5652 section 5.4).
        let to_sign = signed_attrs.to_der().map_err(der_err)?;
        let mut signer = Signer::new(MessageDigest::sha256(), &self.key).map_err(crypto)?;
        signer.update(&to_sign).map_err(crypto)?;
        let signature = signer.sign_to_vec().map_err(crypto)?;
        let signature_algorithm = match self.key.id() {
            Id::RSA => algorithm(SHA256_WITH_RSA, true)?,
            Id::EC => algorithm(ECDSA_WITH_SHA256, false)?,
            other => return Err(IdentityError::UnsupportedKey(format!("{other:?}"))),
        };

        let mut certificates = vec![CertificateChoices::Certificate(cert)];
        for c in &self.chain {
            let der = c
                .to_der()
                .map_err(|e| IdentityError::Certificate(e.to_string()))?;
            certificates.push(CertificateChoices::Certificate(
                Certificate::from_der(&der)
                    .map_err(|e| IdentityError::Certificate(e.to_string()))?,
            ));
        }
        let signer_info = SignerInfo {
            version: CmsVersion::V1,
            sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
                issuer,
                serial_number: serial,
            }),
            digest_alg: algorithm(ID_SHA256, false)?,
            signed_attrs: Some(signed_attrs),
            signature_algorithm,
            signature: OctetString::new(signature).map_err(der_err)?,
            unsigned_attrs: None,
        };
        let signed_data = SignedData {
            version: CmsVersion::V1,
            digest_algorithms: SetOfVec::try_from(vec![algorithm(ID_SHA256, false)?])
                .map_err(der_err)?,
            encap_content_info: EncapsulatedContentInfo {
                econtent_type: ID_DATA,
                econtent: None,
            },
            certificates: Some(CertificateSet(
                SetOfVec::try_from(certificates).map_err(der_err)?,
            )),
            crls: None,
            signer_infos: SignerInfos(SetOfVec::try_from(vec![signer_info]).map_err(der_err)?),
        };
        ContentInfo {
            content_type: ID_SIGNED_DATA,
            content: Any::encode_from(&signed_data).map_err(der_err)?,
        }
        .to_der()
        .map_err(der_err)
    }
}

/// ESS signing-certificate-v2 (RFC 5035), as much of it as is written and
/// checked here.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct SigningCertificateV2 {
    certs: Vec<EssCertIdV2>,
    policies: Option<Any>,
}

#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct EssCertIdV2 {
    hash_algorithm: Option<AlgorithmIdentifierOwned>,
    cert_hash: OctetString,
    issuer_serial: Option<IssuerSerial>,
}

#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct IssuerSerial {
    issuer: Vec<GeneralName>,
    serial_number: SerialNumber,
}

fn attribute(oid: ObjectIdentifier, value: Any) -> Result<Attribute, IdentityError> {
    Ok(Attribute {
        oid,
        values: SetOfVec::try_from(vec![value])
            .map_err(|e| IdentityError::Crypto(e.to_string()))?,
    })
}

fn algorithm(
    oid: ObjectIdentifier,
    null_parameters: bool,
) -> Result<AlgorithmIdentifierOwned, IdentityError> {
    Ok(AlgorithmIdentifierOwned {
        oid,
        parameters: if null_parameters {
            Some(Any::null())
        } else {
            None
        },
    })
}

/// RFC 5652 section 11.3: UTCTime for 1950 to 2049, GeneralizedTime
/// otherwise.
fn cms_time(t: Timestamp) -> Result<Time, IdentityError> {
    let secs = u64::try_from(t.0).map_err(|_| IdentityError::Time(t.0))?;
    let d = Duration::from_secs(secs);
    let bad = |_| IdentityError::Time(t.0);
    if t.date().year < 2050 {
        Ok(Time::UtcTime(UtcTime::from_unix_duration(d).map_err(bad)?))
    } else {
        Ok(Time::GeneralTime(
            GeneralizedTime::from_unix_duration(d).map_err(bad)?,
        ))
    }
}

fn unreadable(e: impl std::fmt::Display) -> SignatureError {
    SignatureError::Unreadable(e.to_string())
}

fn attribute_value(attrs: &SetOfVec<Attribute>, oid: ObjectIdentifier) -> Option<&Any> {
    attrs
        .iter()
        .find(|a| a.oid == oid)
        .and_then(|a| a.values.iter().next())
}

/// Checks a detached CMS signature over `data`: that its messageDigest is
/// the digest of `data`, and that the signature over the signed attributes
/// verifies with the public key of the certificate it embeds for its
/// signer. Says nothing about whether that certificate is trusted: the
/// caller compares the fingerprint with the ones it trusts.
pub fn verify_detached(cms_der: &[u8], data: &[u8]) -> Result<SignerFacts, SignatureError> {
    let info = ContentInfo::from_der(cms_der).map_err(unreadable)?;
    if info.content_type != ID_SIGNED_DATA {
        return Err(SignatureError::Unreadable(
            "it is not CMS SignedData".into(),
        ));
    }
    let signed: SignedData = info.content.decode_as().map_err(unreadable)?;
    let mut signers = signed.signer_infos.0.iter();
    let (Some(signer), None) = (signers.next(), signers.next()) else {
        return Err(SignatureError::Unreadable(
            "a document signature must have exactly one signer".into(),
        ));
    };
    let attrs = signer.signed_attrs.as_ref().ok_or_else(|| {
        SignatureError::Unsupported("a signature without signed attributes".into())
    })?;

    // The signer's certificate, found by the identifier the SignerInfo gives.
    let certificates: Vec<&Certificate> = signed
        .certificates
        .as_ref()
        .map(|s| {
            s.0.iter()
                .filter_map(|c| match c {
                    CertificateChoices::Certificate(c) => Some(c),
                    CertificateChoices::Other(_) => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let cert = certificates
        .into_iter()
        .find(|c| match &signer.sid {
            SignerIdentifier::IssuerAndSerialNumber(ias) => {
                c.tbs_certificate.issuer == ias.issuer
                    && c.tbs_certificate.serial_number == ias.serial_number
            }
            SignerIdentifier::SubjectKeyIdentifier(ski) => {
                c.tbs_certificate.extensions.iter().flatten().any(|e| {
                    e.extn_id == const_oid::db::rfc5280::ID_CE_SUBJECT_KEY_IDENTIFIER
                        && OctetString::from_der(e.extn_value.as_bytes())
                            .map(|v| v.as_bytes() == ski.0.as_bytes())
                            .unwrap_or(false)
                })
            }
        })
        .ok_or_else(|| {
            SignatureError::Unreadable("the signer’s certificate is not in the signature".into())
        })?;
    let cert_der = cert.to_der().map_err(unreadable)?;

    let digest = match signer.digest_alg.oid {
        ID_SHA256 => MessageDigest::sha256(),
        ID_SHA384 => MessageDigest::sha384(),
        ID_SHA512 => MessageDigest::sha512(),
        other => return Err(SignatureError::Unsupported(format!("the digest {other}"))),
    };
    match attribute_value(attrs, ID_CONTENT_TYPE).map(|v| v.decode_as::<ObjectIdentifier>()) {
        Some(Ok(ID_DATA)) => {}
        _ => {
            return Err(SignatureError::Unreadable(
                "its content type is missing or not data".into(),
            ))
        }
    }
    let claimed = attribute_value(attrs, ID_MESSAGE_DIGEST)
        .ok_or_else(|| SignatureError::Unreadable("it has no message digest".into()))?
        .decode_as::<OctetString>()
        .map_err(unreadable)?;
    let actual = openssl::hash::hash(digest, data).map_err(unreadable)?;

    // The signature first: an attacker who changed the data and the digest
    // attribute together is then told "altered details", the truth.
    let public = X509::from_der(&cert_der)
        .and_then(|c| c.public_key())
        .map_err(unreadable)?;
    let signed_bytes = attrs.to_der().map_err(unreadable)?;
    let algorithm_fits = match (public.id(), signer.signature_algorithm.oid) {
        (Id::RSA, RSA_ENCRYPTION | SHA256_WITH_RSA | SHA384_WITH_RSA | SHA512_WITH_RSA) => true,
        (Id::EC, EC_PUBLIC_KEY | ECDSA_WITH_SHA256 | ECDSA_WITH_SHA384 | ECDSA_WITH_SHA512) => true,
        (_, other) => {
            return Err(SignatureError::Unsupported(format!(
                "the signature algorithm {other}"
            )))
        }
    };
    let verified = algorithm_fits && {
        let mut verifier = Verifier::new(digest, &public).map_err(unreadable)?;
        verifier.update(&signed_bytes).map_err(unreadable)?;
        verifier
            .verify(signer.signature.as_bytes())
            .unwrap_or(false)
    };
    if !verified {
        return Err(SignatureError::BadSignature);
    }
    if claimed.as_bytes() != actual.as_ref() {
        return Err(SignatureError::Altered);
    }
    // The certificate named in the signed attributes must be the one
    // embedded; otherwise another certificate with the same key could be
    // put in its place (RFC 5035's reason for the attribute).
    if let Some(v) = attribute_value(attrs, ID_SIGNING_CERTIFICATE_V2) {
        let ess: SigningCertificateV2 = v.decode_as().map_err(unreadable)?;
        let first = ess
            .certs
            .first()
            .ok_or_else(|| SignatureError::Unreadable("an empty signing certificate".into()))?;
        let hash_md = match first.hash_algorithm.as_ref().map(|a| a.oid) {
            None | Some(ID_SHA256) => MessageDigest::sha256(),
            Some(ID_SHA384) => MessageDigest::sha384(),
            Some(ID_SHA512) => MessageDigest::sha512(),
            Some(other) => {
                return Err(SignatureError::Unsupported(format!(
                    "the certificate digest {other}"
                )))
            }
        };
        let hash = openssl::hash::hash(hash_md, &cert_der).map_err(unreadable)?;
        if first.cert_hash.as_bytes() != hash.as_ref() {
            return Err(SignatureError::BadSignature);
        }
    }
    let signing_time = attribute_value(attrs, ID_SIGNING_TIME)
        .and_then(|v| v.to_der().ok())
        .and_then(|der| Time::from_der(&der).ok())
        .and_then(|t| i64::try_from(t.to_unix_duration().as_secs()).ok())
        .map(Timestamp);
    let (common_name, role) = certificate_names(&cert_der).map_err(unreadable)?;
    Ok(SignerFacts {
        fingerprint: fingerprint_of(&cert_der),
        certificate_der: cert_der,
        common_name,
        role,
        signing_time,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_printed_in_groups_of_four() {
        assert_eq!(
            format_fingerprint("0123456789abcdef01"),
            "0123 4567 89ab cdef 01"
        );
    }

    #[test]
    fn cms_times_switch_to_generalized_time_in_2050() {
        assert!(matches!(
            cms_time(Timestamp(1_700_000_000)),
            Ok(Time::UtcTime(_))
        ));
        assert!(matches!(
            cms_time(Timestamp(2_600_000_000)),
            Ok(Time::GeneralTime(_))
        ));
        assert!(matches!(
            cms_time(Timestamp(-1)),
            Err(IdentityError::Time(-1))
        ));
    }
}
