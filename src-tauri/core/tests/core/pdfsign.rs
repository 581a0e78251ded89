//! PAdES signatures on the report PDF (issue 14), checked by tools that are
//! not ours: poppler's `pdfsig` and pyHanko. Tampering of several kinds must
//! be caught by our verification and reported by pdfsig.

use std::path::{Path, PathBuf};
use std::process::Command;

use s11core::canonical::Subject;
use s11core::dates::Timestamp;
use s11core::identity::Identity;
use s11core::readiness::GapKind;
use s11core::report::{
    countersign, export_report, pdf_signatures, sign_pdf, verify_pdf, SignError, SignatureMeta,
    SignaturesError, VerifyOptions,
};
use s11core::store::SignOffInput;
use s11core::Store;

use crate::identity::{mallory, sarah, SIGNED_AT};

const COUNTERSIGNED_AT: Timestamp = Timestamp(1_647_000_000);

pub fn amir() -> &'static Identity {
    static ID: std::sync::OnceLock<Identity> = std::sync::OnceLock::new();
    ID.get_or_init(|| Identity::create("Amir Khan", "Panel member", SIGNED_AT).expect("identity"))
}

pub fn chair_meta() -> SignatureMeta {
    SignatureMeta {
        name: "Sarah Taylor".into(),
        role: "Chair".into(),
        reason: "Signed off the report as Chair".into(),
    }
}

fn member_meta() -> SignatureMeta {
    SignatureMeta {
        name: "Amir Khan".into(),
        role: "Panel member".into(),
        reason: "Countersigned as a panel member".into(),
    }
}

/// The example audit with its minutes and report signed off by Sarah
/// Taylor with her key at `SIGNED_AT`, and the report PDF kept at
/// sign-off: drawn, then signed (PAdES) as one incremental update.
pub fn signed_pdf(dir: &tempfile::TempDir) -> (Store, Vec<u8>) {
    let mut s = Store::create(
        &dir.path().join("audit.s11"),
        &s11core::example::example().expect("example"),
    )
    .expect("created");
    let input = SignOffInput {
        name: "Sarah Taylor".into(),
        role: "Chair".into(),
        statement: "These minutes are an accurate record.".into(),
        accepted_gaps: ALL_GAPS.to_vec(),
        gap_reason: "Agreed by the panel.".into(),
    };
    for r in ["r-bnssg-ccg", "r-routes-lpw"] {
        s.sign_off(Subject::Review(r), &input, sarah(), SIGNED_AT)
            .expect("minutes");
    }
    s.sign_off(Subject::Report, &input, sarah(), SIGNED_AT)
        .expect("report");
    let pdf = export_report(&s).expect("export").bytes;
    (s, pdf)
}

const ALL_GAPS: [GapKind; 8] = [
    GapKind::EmptyQuestions,
    GapKind::FlaggedNotes,
    GapKind::UnusedNotes,
    GapKind::EmptyRecommendations,
    GapKind::UnsignedMinutes,
    GapKind::NoContactAttempts,
    GapKind::NoReportDate,
    GapKind::EmptySections,
];

/// The same report as drawn, before its PDF signature: the file up to
/// the end of its first revision (printpdf/lopdf write one `%%EOF`).
pub fn signed_off_example(dir: &tempfile::TempDir) -> (Store, Vec<u8>) {
    let (s, pdf) = signed_pdf(dir);
    let end = find(&pdf, b"%%EOF").expect("a PDF ends its revision with %%EOF") + 5;
    let drawn = pdf[..end].to_vec();
    assert!(
        pdf_signatures(&drawn).expect("readable").is_empty(),
        "the drawn report carries no signature of its own"
    );
    (s, drawn)
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write");
    p
}

fn pdfsig(path: &Path) -> String {
    let out = Command::new("pdfsig")
        .arg(path)
        .output()
        .expect("pdfsig (poppler-utils; ./.ci/setup --test installs it)");
    String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr)
}

fn pem(dir: &Path, name: &str, id: &Identity) -> PathBuf {
    let der = write(dir, &format!("{name}.der"), id.certificate_der());
    let pem = dir.join(format!("{name}.pem"));
    let ok = Command::new("openssl")
        .args(["x509", "-inform", "DER", "-in"])
        .arg(&der)
        .arg("-out")
        .arg(&pem)
        .status()
        .expect("openssl");
    assert!(ok.success());
    pem
}

/// pyHanko's verdict: (exit success, text). pyHanko comes from PyPI
/// (`./.ci/setup --test` installs it).
fn pyhanko(path: &Path, trust: &[&Path]) -> (bool, String) {
    let mut cmd = Command::new("python3");
    cmd.args(["-m", "pyhanko"]);
    // --trust-replace: the given certificates are the only roots.
    cmd.args(["sign", "validate", "--pretty-print", "--trust-replace"]);
    for t in trust {
        cmd.arg("--trust").arg(t);
    }
    let out = cmd
        .arg(path)
        .output()
        .expect("python3 with pyHanko (./.ci/setup --test installs it)");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr),
    )
}

fn python(script: &str, args: &[&Path]) {
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "python: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
#[cfg_attr(
    windows,
    ignore = "checked with pdfsig and pyHanko, Linux programs that a Windows test under Wine cannot read from; runs in ./.ci/test"
)]
fn a_signed_report_is_valid_in_pdfsig_and_pyhanko_and_draws_the_same() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (_, unsigned) = signed_off_example(&dir);
    let pdf = sign_pdf(&unsigned, sarah(), &chair_meta(), SIGNED_AT).expect("signs");
    assert_eq!(
        sign_pdf(&unsigned, sarah(), &chair_meta(), SIGNED_AT).expect("again"),
        pdf,
        "same input, key and time: same bytes"
    );
    assert_eq!(
        signed_pdf(&tempfile::tempdir().expect("dir")).1,
        pdf,
        "what sign-off keeps is exactly this signature over the drawn report"
    );
    assert!(
        pdf.starts_with(&unsigned),
        "an incremental update: every byte of the report is kept"
    );
    let path = write(dir.path(), "signed.pdf", &pdf);
    let text = pdfsig(&path);
    assert!(text.contains("Signature is Valid."), "pdfsig: {text}");
    assert!(text.contains("Total document signed"), "pdfsig: {text}");
    assert!(
        text.contains("Sarah Taylor"),
        "pdfsig names the signer: {text}"
    );
    assert!(text.contains("ETSI.CAdES.detached"), "PAdES: {text}");

    let cert = pem(dir.path(), "sarah", sarah());
    let (ok, text) = pyhanko(&path, &[&cert]);
    assert!(
        ok,
        "pyHanko accepts it with the certificate as trust root: {text}"
    );
    assert!(
        text.contains("judged VALID")
            && text.contains("certificate is trusted")
            && text.contains("covers the entire file"),
        "pyHanko: {text}"
    );
    // With another trust root only, pyHanko does not trust it: the check
    // above is a real one.
    let other = pem(dir.path(), "amir", amir());
    let (ok, text) = pyhanko(&path, &[&other]);
    assert!(
        !ok,
        "pyHanko must not trust Sarah's signature on Amir's root: {text}"
    );

    // What is drawn did not change.
    let render = |p: &Path, prefix: &str| -> Vec<Vec<u8>> {
        let out = dir.path().join(prefix);
        let ok = Command::new("pdftoppm")
            .args(["-r", "40", "-png"])
            .arg(p)
            .arg(&out)
            .status()
            .expect("pdftoppm");
        assert!(ok.success());
        let mut pages: Vec<PathBuf> = std::fs::read_dir(dir.path())
            .expect("dir")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(prefix) && n.ends_with(".png"))
            })
            .collect();
        pages.sort();
        pages
            .iter()
            .map(|p| std::fs::read(p).expect("png"))
            .collect()
    };
    let before = render(&write(dir.path(), "unsigned.pdf", &unsigned), "before");
    let after = render(&path, "after");
    assert!(!before.is_empty());
    assert_eq!(
        before, after,
        "signing draws nothing: the same pixels on every page"
    );

    let sigs = pdf_signatures(&pdf).expect("read");
    assert_eq!(sigs.len(), 1);
    let s = &sigs[0];
    assert!(
        s.valid() && s.covers_whole_file && s.changes_after.is_empty(),
        "{s:?}"
    );
    let signer = s.signer().expect("signer");
    assert_eq!(signer.fingerprint, sarah().fingerprint());
    assert_eq!(signer.signing_time, Some(SIGNED_AT));
}

#[test]
#[cfg_attr(
    windows,
    ignore = "checked with pdfsig and pyHanko, Linux programs that a Windows test under Wine cannot read from; runs in ./.ci/test"
)]
fn a_countersignature_keeps_the_first_valid_in_pdfsig_and_pyhanko() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (_, pdf) = signed_pdf(&dir);
    let both = countersign(&pdf, amir(), &member_meta(), COUNTERSIGNED_AT).expect("countersigns");
    assert!(
        both.starts_with(&pdf),
        "the first signature's bytes are kept"
    );
    let path = write(dir.path(), "both.pdf", &both);
    let text = pdfsig(&path);
    assert_eq!(
        text.matches("Signature is Valid.").count(),
        2,
        "both signatures valid: {text}"
    );
    assert!(
        text.contains("Amir Khan") && text.contains("Sarah Taylor"),
        "{text}"
    );
    assert!(
        text.contains("Total document signed"),
        "the countersignature covers the whole file: {text}"
    );
    let a = pem(dir.path(), "amir", amir());
    let s = pem(dir.path(), "sarah", sarah());
    let (ok, text) = pyhanko(&path, &[&a, &s]);
    assert!(ok, "pyHanko: {text}");
    assert_eq!(
        text.matches("judged VALID").count(),
        2,
        "pyHanko judges both valid: {text}"
    );

    let sigs = pdf_signatures(&both).expect("read");
    assert_eq!(sigs.len(), 2);
    assert!(
        sigs.iter().all(|s| s.valid() && s.changes_after.is_empty()),
        "{sigs:?}"
    );
    assert!(!sigs[0].covers_whole_file && sigs[1].covers_whole_file);
    assert_eq!(
        sigs[1].signer().map(|f| f.common_name.as_str()),
        Some("Amir Khan")
    );

    let opts = VerifyOptions::default();
    let v = verify_pdf(&both, &opts).expect("verify");
    assert!(v.verified, "{:?}", v.lines);
    assert_eq!(v.signers.len(), 2);

    // A third signature on top still works, and refusals are clear.
    let three = countersign(&both, sarah(), &chair_meta(), COUNTERSIGNED_AT).expect("third");
    assert_eq!(pdf_signatures(&three).expect("read").len(), 3);
    let (_, unsigned) = signed_off_example(&tempfile::tempdir().expect("dir"));
    assert!(matches!(
        countersign(&unsigned, amir(), &member_meta(), COUNTERSIGNED_AT),
        Err(SignError::Unsigned)
    ));
    let mut altered = both.clone();
    let at = altered.len() / 3;
    altered[at] ^= 0x20;
    assert!(
        matches!(
            countersign(&altered, amir(), &member_meta(), COUNTERSIGNED_AT),
            Err(SignError::NotIntact(_) | SignError::NotPdf(_))
        ),
        "an altered file is not countersigned"
    );
}

#[test]
#[cfg_attr(
    windows,
    ignore = "checked with pdfsig and pyHanko, Linux programs that a Windows test under Wine cannot read from; runs in ./.ci/test"
)]
fn a_countersignature_made_by_pyhanko_is_accepted_and_one_of_ours_over_an_xref_stream_too() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let (_, pdf) = signed_pdf(&dir);
    let signed = write(d, "signed.pdf", &pdf);
    let p12 = write(
        d,
        "amir.p12",
        &amir().to_pkcs12("correct horse battery").expect("p12"),
    );
    // pyHanko rewrites the document information (ModDate, Producer, in
    // PDFDocEncoding), makes the form an object and adds /Version: none of
    // it changes what is drawn, and pyHanko's own policy allows it.
    let by_pyhanko = d.join("pyhanko.pdf");
    python(
        "import sys\n\
         from pyhanko.sign import signers\n\
         from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter\n\
         signer = signers.SimpleSigner.load_pkcs12(sys.argv[3], passphrase=b'correct horse battery')\n\
         with open(sys.argv[1], 'rb') as inf:\n\
         \x20   w = IncrementalPdfFileWriter(inf)\n\
         \x20   with open(sys.argv[2], 'wb') as outf:\n\
         \x20       signers.sign_pdf(w, signers.PdfSignatureMetadata(field_name='Member'), signer=signer, output=outf)\n",
        &[&signed, &by_pyhanko, &p12],
    );
    let both = std::fs::read(&by_pyhanko).expect("read");
    let v = verify_pdf(&both, &VerifyOptions::default()).expect("verify");
    assert!(v.verified, "{:?}", v.lines);
    assert_eq!(v.signers.len(), 2);
    assert_eq!(v.signers[1].fingerprint, amir().fingerprint());

    // A report rewritten with object streams and a cross-reference stream
    // (as qpdf/pikepdf save it): the update we append must be a
    // cross-reference stream too, and readers must accept it.
    let (_, drawn) = signed_off_example(&tempfile::tempdir().expect("dir"));
    let drawn_path = write(d, "drawn.pdf", &drawn);
    let compact = d.join("compact.pdf");
    python(
        "import sys, pikepdf\n\
         pikepdf.open(sys.argv[1]).save(sys.argv[2], object_stream_mode=pikepdf.ObjectStreamMode.generate)\n",
        &[&drawn_path, &compact],
    );
    let compact = std::fs::read(&compact).expect("read");
    assert!(
        find(&compact, b"/ObjStm").is_some(),
        "object streams written"
    );
    let one = sign_pdf(&compact, sarah(), &chair_meta(), SIGNED_AT).expect("signs");
    let two = countersign(&one, amir(), &member_meta(), COUNTERSIGNED_AT).expect("countersigns");
    let tail = &two[two.len() - 600..];
    assert!(
        find(tail, b"/XRef").is_some() && find(tail, b"\nxref").is_none(),
        "a cross-reference stream after a stream"
    );
    let text = pdfsig(&write(d, "compact-both.pdf", &two));
    assert_eq!(text.matches("Signature is Valid.").count(), 2, "{text}");
    assert!(text.contains("Total document signed"), "{text}");
    let sigs = pdf_signatures(&two).expect("read");
    assert!(
        sigs.iter().all(|s| s.valid() && s.changes_after.is_empty()),
        "{sigs:?}"
    );
}

/// Our verdict, pdfsig's, and the lines, for a tampered file.
fn assert_caught(dir: &Path, name: &str, bytes: &[u8], expect_in_lines: &str) {
    let v = verify_pdf(bytes, &VerifyOptions::default());
    match v {
        Ok(v) => {
            assert!(!v.verified, "{name}: must not verify: {:?}", v.lines);
            assert!(
                v.lines.iter().any(|l| l.contains(expect_in_lines)),
                "{name}: expected a line containing “{expect_in_lines}”: {:?}",
                v.lines
            );
        }
        Err(e) => panic!("{name}: should be checked and found altered, not '{e}'"),
    }
    if std::env::var_os("S11_SHOW_VERIFY").is_some() {
        eprintln!(
            "{name}: {:#?}",
            verify_pdf(bytes, &VerifyOptions::default()).map(|v| v.lines)
        );
    }
    let text = pdfsig(&write(dir, name, bytes));
    assert!(
        !(text.contains("Signature is Valid.") && text.contains("Total document signed")),
        "{name}: pdfsig must not call it a valid signature of the whole document: {text}"
    );
}

#[test]
#[cfg_attr(
    windows,
    ignore = "checked with pdfsig and pyHanko, Linux programs that a Windows test under Wine cannot read from; runs in ./.ci/test"
)]
fn tampering_of_every_kind_is_caught_by_us_and_by_pdfsig() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let (_, pdf) = signed_pdf(&dir);
    let signed = write(d, "signed.pdf", &pdf);

    // 1. pikepdf rewrites a page's text (a full save, as an editor would).
    let rewritten = d.join("rewritten.pdf");
    python(
        "import sys, pikepdf\n\
         pdf = pikepdf.open(sys.argv[1])\n\
         page = pdf.pages[0]\n\
         for c in page.Contents if isinstance(page.Contents, pikepdf.Array) else [page.Contents]:\n\
         \x20   data = c.read_bytes()\n\
         \x20   c.write(data.replace(b'0', b'1'))\n\
         pdf.save(sys.argv[2])\n",
        &[&signed, &rewritten],
    );
    assert_caught(
        d,
        "rewritten.pdf",
        &std::fs::read(&rewritten).expect("read"),
        "",
    );

    // 2. pikepdf appends an incremental update changing the page text:
    //    the signature itself stays valid, the change after it does not.
    let appended_bytes = append_page_text_update(&pdf);
    assert_caught(
        d,
        "appended.pdf",
        &appended_bytes,
        "after the first signature",
    );

    // 3. One byte inside the signed range (in the report's text).
    let mut flipped = pdf.clone();
    let at = flipped
        .windows(6)
        .position(|w| w == b"stream")
        .expect("a stream")
        + 40;
    flipped[at] ^= 0x01;
    assert_caught(d, "flipped.pdf", &flipped, "ALTERED");

    // 4. The attachment edited and its digests recomputed, the file then
    //    re-signed... by nobody: the signature is the old one.
    let forged = forge_attachment(&pdf);
    assert_caught(d, "forged.pdf", &forged, "ALTERED");

    // 5. The signer fields edited (/S11SignedBy), same length.
    let needle = utf16_hex("Sarah Taylor");
    let replacement = utf16_hex("Sarah Tayler");
    let at = find(&pdf, needle.as_bytes()).expect("S11SignedBy is written as UTF-16 hex");
    let mut renamed = pdf.clone();
    renamed[at..at + replacement.len()].copy_from_slice(replacement.as_bytes());
    assert_caught(d, "renamed.pdf", &renamed, "ALTERED");

    // 6. The title in the document information replaced in an update.
    let doc = lopdf::Document::load_mem(&pdf).expect("load");
    let info_id = doc
        .trailer
        .get(b"Info")
        .and_then(lopdf::Object::as_reference)
        .expect("info");
    let mut info = doc.get_dictionary(info_id).expect("info").clone();
    info.set(
        "Title",
        lopdf::Object::string_literal("Section 11 Report: no concerns"),
    );
    let mut inc = lopdf::IncrementalDocument::create_from(pdf.clone(), doc);
    inc.new_document
        .objects
        .insert(info_id, lopdf::Object::Dictionary(info));
    let mut retitled = Vec::new();
    inc.save_to(&mut retitled).expect("save");
    assert_caught(
        d,
        "retitled.pdf",
        &retitled,
        "information (title, author) was changed",
    );
}

#[test]
fn another_key_claiming_the_same_content_has_another_fingerprint_and_is_not_trusted() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (_, unsigned) = signed_off_example(&dir);
    let real = sign_pdf(&unsigned, sarah(), &chair_meta(), SIGNED_AT).expect("signs");
    let fake = sign_pdf(&unsigned, mallory(), &chair_meta(), SIGNED_AT).expect("signs");
    let trusted = vec![sarah().certificate_der().to_vec()];
    let opts = VerifyOptions {
        trusted: &trusted,
        ..VerifyOptions::default()
    };
    let v = verify_pdf(&real, &opts).expect("verify");
    assert!(v.verified, "the real one, trusted: {:?}", v.lines);
    assert!(v.signers[0].trusted);
    let v = verify_pdf(&fake, &opts).expect("verify");
    assert!(
        !v.verified,
        "same name and content, other key: {:?}",
        v.lines
    );
    assert_eq!(v.signers[0].fingerprint, mallory().fingerprint());
    assert_ne!(v.signers[0].fingerprint, sarah().fingerprint());
    assert!(!v.signers[0].trusted);
    assert!(
        v.lines.iter().any(|l| l.contains("NOT TRUSTED")),
        "{:?}",
        v.lines
    );
    // Without --trust, both verify: the fingerprint is what tells them apart.
    assert!(
        verify_pdf(&fake, &VerifyOptions::default())
            .expect("verify")
            .verified
    );

    // With the audit, which records Sarah's certificate for the sign-off,
    // the same-name key is caught without any --trust.
    let (store, _) = signed_off_example(&tempfile::tempdir().expect("dir"));
    let with_audit = VerifyOptions {
        audit: Some(&store),
        ..VerifyOptions::default()
    };
    let v = verify_pdf(&fake, &with_audit).expect("verify");
    assert!(!v.verified, "{:?}", v.lines);
    assert!(
        v.lines
            .iter()
            .any(|l| l.contains("the audit records the sign-off by Sarah Taylor with certificate")),
        "{:?}",
        v.lines
    );
    let v = verify_pdf(&real, &with_audit).expect("verify");
    assert!(
        v.verified,
        "the real one agrees with the audit: {:?}",
        v.lines
    );
}

#[test]
fn the_old_unsigned_format_is_not_validly_signed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (_, unsigned) = signed_off_example(&dir);
    let v = verify_pdf(&unsigned, &VerifyOptions::default()).expect("readable");
    assert!(
        !v.verified,
        "a digest alone is not a signature: {:?}",
        v.lines
    );
}

#[test]
#[cfg_attr(
    windows,
    ignore = "checked with pdfsig and pyHanko, Linux programs that a Windows test under Wine cannot read from; runs in ./.ci/test"
)]
fn a_compression_bomb_is_refused_quickly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (_, unsigned) = signed_off_example(&dir);
    let compressed = deflated_zeros(dir.path(), 2048);
    // The attachment replaced by a stream that inflates to 2 GB, then
    // signed: the issue's case, where verify took about 4 GB.
    let bomb = sign_pdf(
        &bomb_update(&unsigned, &compressed),
        sarah(),
        &chair_meta(),
        SIGNED_AT,
    )
    .expect("signs without inflating anything");
    assert!(bomb.len() < 8 * 1024 * 1024, "{}", bomb.len());
    // The same stream added after the signature.
    let (_, signed) = signed_pdf(&tempfile::tempdir().expect("temp dir"));
    let later = bomb_update(&signed, &compressed);
    for (what, pdf) in [("signed bomb", &bomb), ("bomb added later", &later)] {
        let started = std::time::Instant::now();
        let v = verify_pdf(pdf, &VerifyOptions::default());
        let took = started.elapsed();
        assert!(
            took < std::time::Duration::from_secs(10),
            "{what}: bounded, but took {took:?}"
        );
        match v {
            Ok(v) => assert!(!v.verified, "{what}: {:?}", v.lines),
            Err(e) => assert!(
                e.to_string().contains("larger than"),
                "{what}: refused as too large, not '{e}'"
            ),
        }
    }
    // Bounded memory: this process's peak stays far below the 2 GB the
    // stream would inflate to (other tests in this binary share the peak,
    // none needs more than a few hundred MB).
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    if let Some(kb) = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse::<u64>().ok())
    {
        assert!(kb < 1024 * 1024, "peak memory {kb} kB");
    }
    let big = vec![b' '; s11core::report::MAX_PDF_BYTES + 1];
    assert!(matches!(pdf_signatures(&big), Err(SignaturesError::TooBig)));
}

/// `mb` megabytes of zeros, zlib-compressed (about 1000:1), made by
/// Python's C zlib: seconds faster than a debug build of flate2.
fn deflated_zeros(dir: &Path, mb: usize) -> Vec<u8> {
    let out = dir.join("bomb.z");
    python(
        "import sys, zlib\n\
         c = zlib.compressobj(9)\n\
         chunk = bytes(1 << 20)\n\
         with open(sys.argv[2], 'wb') as f:\n\
         \x20   for _ in range(int(sys.argv[1])):\n\
         \x20       f.write(c.compress(chunk))\n\
         \x20   f.write(c.flush())\n",
        &[Path::new(&mb.to_string()), &out],
    );
    std::fs::read(&out).expect("bomb")
}

// ---- tampering helpers ----

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn utf16_hex(s: &str) -> String {
    let mut out = String::new();
    for u in s.encode_utf16() {
        out.push_str(&format!("{u:04X}"));
    }
    out
}

/// An incremental update after the signature that gives page 1 a second
/// content stream drawing text: the kind of change pdfsig's "not total
/// document signed" and our "changed after signing" must show.
pub fn append_page_text_update(pdf: &[u8]) -> Vec<u8> {
    let doc = lopdf::Document::load_mem(pdf).expect("load");
    let page_id = *doc.get_pages().values().next().expect("a page");
    let mut page = doc.get_dictionary(page_id).expect("page").clone();
    let size = doc
        .trailer
        .get(b"Size")
        .and_then(lopdf::Object::as_i64)
        .expect("size");
    let new_id = u32::try_from(size).expect("size");
    let contents = match page.get(b"Contents").expect("contents") {
        lopdf::Object::Array(a) => a.clone(),
        other => vec![other.clone()],
    };
    let mut contents = contents;
    contents.push(lopdf::Object::Reference((new_id, 0)));
    page.set("Contents", lopdf::Object::Array(contents));
    let mut inc = lopdf::IncrementalDocument::create_from(pdf.to_vec(), doc);
    inc.new_document
        .objects
        .insert(page_id, lopdf::Object::Dictionary(page));
    let content = b"BT /SXIREG 24 Tf 72 400 Td (No recommendations were made.) Tj ET".to_vec();
    inc.new_document.objects.insert(
        (new_id, 0),
        lopdf::Object::Stream(lopdf::Stream::new(lopdf::Dictionary::new(), content)),
    );
    inc.new_document.max_id = new_id;
    let mut out = Vec::new();
    inc.save_to(&mut out).expect("save");
    out
}

/// The attachment's JSON edited in place, with its digest recomputed and
/// written wherever the old digest appears (the file spec and the pages).
pub fn forge_attachment(pdf: &[u8]) -> Vec<u8> {
    let content = s11core::report::read_signed_content(pdf).expect("content");
    let at = find(pdf, &content.canonical).expect("attachment is stored uncompressed");
    let mut forged_json = content.canonical.clone();
    let p = find(&forged_json, b"South Gloucestershire").expect("partnership");
    forged_json[p] = b'N';
    let new_digest = {
        use sha2::Digest;
        sha2::Sha256::digest(&forged_json)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    let mut out = pdf.to_vec();
    out[at..at + forged_json.len()].copy_from_slice(&forged_json);
    let old = content.claimed_digest.as_bytes().to_vec();
    let mut from = 0;
    while let Some(i) = find(&out[from..], &old) {
        out[from + i..from + i + old.len()].copy_from_slice(new_digest.as_bytes());
        from += i + old.len();
    }
    out
}

/// An incremental update that makes `compressed` (a flate stream) the
/// attachment `signed-report.json`.
fn bomb_update(pdf: &[u8], compressed: &[u8]) -> Vec<u8> {
    let compressed = compressed.to_vec();
    let doc = lopdf::Document::load_mem(pdf).expect("load");
    let root_id = doc
        .trailer
        .get(b"Root")
        .and_then(lopdf::Object::as_reference)
        .expect("root");
    let mut catalog = doc.get_dictionary(root_id).expect("catalog").clone();
    let size_id = u32::try_from(
        doc.trailer
            .get(b"Size")
            .and_then(lopdf::Object::as_i64)
            .expect("size"),
    )
    .expect("size");
    let (file_id, spec_id) = ((size_id, 0), (size_id + 1, 0));
    let mut sd = lopdf::Dictionary::new();
    sd.set("Type", lopdf::Object::Name(b"EmbeddedFile".to_vec()));
    sd.set("Filter", lopdf::Object::Name(b"FlateDecode".to_vec()));
    let mut stream = lopdf::Stream::new(sd, compressed);
    stream.allows_compression = false;
    let mut ef = lopdf::Dictionary::new();
    ef.set("F", lopdf::Object::Reference(file_id));
    let mut spec = lopdf::Dictionary::new();
    spec.set("Type", lopdf::Object::Name(b"Filespec".to_vec()));
    spec.set("EF", lopdf::Object::Dictionary(ef));
    let mut tree = lopdf::Dictionary::new();
    tree.set(
        "Names",
        lopdf::Object::Array(vec![
            lopdf::Object::string_literal("signed-report.json"),
            lopdf::Object::Reference(spec_id),
        ]),
    );
    let mut names = lopdf::Dictionary::new();
    names.set("EmbeddedFiles", lopdf::Object::Dictionary(tree));
    catalog.set("Names", lopdf::Object::Dictionary(names));
    let mut inc = lopdf::IncrementalDocument::create_from(pdf.to_vec(), doc);
    inc.new_document
        .objects
        .insert(root_id, lopdf::Object::Dictionary(catalog));
    inc.new_document
        .objects
        .insert(file_id, lopdf::Object::Stream(stream));
    inc.new_document
        .objects
        .insert(spec_id, lopdf::Object::Dictionary(spec));
    inc.new_document.max_id = size_id + 1;
    let mut out = Vec::new();
    inc.save_to(&mut out).expect("save");
    out
}
