//! Drawing laid-out pages with printpdf, then finishing the file with lopdf
//! (printpdf's own PDF library): document information, an outline in
//! reading order, and a file identifier derived from the content.
//!
//! Speed (issue 22): printpdf is given fonts cut down to the glyphs used; a
//! longer report is drawn and converted in two halves on two threads and
//! joined ([`join_halves`]); streams are deflated by both threads. None of
//! it changes a byte of the output.
//!
//! Determinism: printpdf names fonts and the trailer's /ID from a process-wide
//! counter, so two renders in one process would differ. We give the fonts
//! fixed resource names and replace /ID and /Info after printpdf is done.

use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use printpdf::xobject::{FormType, FormXObject, XObjectTransform};
use printpdf::{
    Color, DictItem, FontId, Line as PdfLine, LinePoint, Mm, Op, PaintMode, ParsedFont,
    PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Polygon, PolygonRing, Pt, Rect,
    Rgb, TextItem, TextMatrix, WindingOrder, XObject, XObjectId,
};

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::fonts::{
    joins_placeholder, FontKind, Fonts, Metrics, BOLD_TTF, EMOJI_TTF, REGULAR_TTF, REPLACEMENT,
};
use super::layout::{Colour, Draw, OutlineEntry, Page, PageGeometry};
use super::tags::{NodeId, PageContent, StructTree};
use super::ReportError;
use crate::dates::Date;

/// Resource names for the two faces. The first six letters become the
/// subset tag ("SXIREG+DejaVuSans") that marks an embedded subset.
const REGULAR_ID: &str = "SXIREG";
const BOLD_ID: &str = "SXIBLD";
/// Noto Emoji, embedded only in a report that uses it.
const EMOJI_ID: &str = "SXIEMO";

/// What the file says about itself.
pub(crate) struct DocumentInfo {
    pub title: String,
    pub author: String,
    pub subject: String,
    /// Creation and modification date: from the audit, never the clock.
    pub date: Option<Date>,
    /// Bytes that identify the content (the audit as JSON plus the options);
    /// the file identifier is a hash of them.
    pub identity: Vec<u8>,
}

/// A watermark drawn behind every page's content as shapes, not text.
pub(crate) struct Watermark {
    pub text: String,
    pub colour: Colour,
}

/// A file carried inside the PDF (the signed content of a signed report),
/// in the catalog's EmbeddedFiles name tree where every PDF reader lists
/// attachments. Stored uncompressed, so the signed text can be read in the
/// PDF's bytes even without a PDF library.
pub(crate) struct Attachment {
    pub name: String,
    pub description: String,
    pub content: Vec<u8>,
    /// Also written into the file specification (`/S11Digest`, with
    /// `/S11SignedBy` and `/S11SignedAt`) so `s11 verify` finds the claimed
    /// fingerprint without reading the pages' text.
    pub digest: String,
    pub signed_by: String,
    pub signed_at: String,
}

/// Keys of the attachment's file specification that `s11 verify` reads.
pub(crate) const DIGEST_KEY: &[u8] = b"S11Digest";
pub(crate) const SIGNED_BY_KEY: &[u8] = b"S11SignedBy";
pub(crate) const SIGNED_AT_KEY: &[u8] = b"S11SignedAt";

/// The two faces as printpdf parses them (its own parse, beside ours for
/// layout), each cut down to the glyphs the pages use before printpdf sees
/// it (issue 22): parsing and copying the whole of DejaVu Sans was a tenth
/// of an export's time. `embed` pairs the bytes printpdf was given with the
/// smaller font program embedded in their place (see [`subset_fonts`]).
struct PdfFonts {
    regular: ParsedFont,
    bold: ParsedFont,
    embed: Vec<Embedded>,
}

/// (the bytes printpdf was given, the font program to embed for them, the
/// subset tag)
type Embedded = (Vec<u8>, Vec<u8>, &'static str);

/// printpdf's faces for `pages`, laid out with `fonts`.
fn pdf_fonts_for(used: &Used) -> Result<PdfFonts, ReportError> {
    let [regular, bold] = &used.glyphs;
    let mut embed = Vec::new();
    let mut face = |full: &'static [u8], used: &BTreeSet<u16>, name: &str, tag: &'static str| {
        // A font that cannot be subset is drawn with whole (and subset
        // after, by its /W, as any other).
        let drawn = match super::subset::subset_to_draw_and_embed(full, used) {
            Ok((drawn, embedded)) => {
                embed.push((drawn.clone(), embedded, tag));
                drawn
            }
            Err(_) => full.to_vec(),
        };
        parsed_font(&drawn, name)
    };
    Ok(PdfFonts {
        regular: face(REGULAR_TTF, regular, "DejaVu Sans", REGULAR_ID)?,
        bold: face(BOLD_TTF, bold, "DejaVu Sans Bold", BOLD_ID)?,
        embed,
    })
}

/// What the pages print with each face.
#[derive(Default)]
struct Used {
    /// Glyph ids of the regular and the bold face.
    glyphs: [BTreeSet<u16>; 2],
    /// The characters each of the two faces prints, each once.
    chars: [String; 2],
    /// The characters printed with the fallback face (Noto Emoji).
    fallback: String,
}

/// What `pages` print: every character of their text a face has, the space
/// (a line that continues ends in one, see [`page_ops`]), the placeholder
/// when any character is missing, and the characters the fallback face
/// prints. Characters are looked up once each, not once per use.
fn used_glyphs(fonts: &Fonts, pages: &[Page]) -> Used {
    const SEEN: usize = 0x3000;
    let mut seen = [vec![false; SEEN], vec![false; SEEN]];
    let mut rare: [BTreeSet<char>; 2] = Default::default();
    for page in pages {
        for d in &page.draws {
            let Draw::Text { text, font, .. } = d else {
                continue;
            };
            let k = usize::from(*font == FontKind::Bold);
            if text.is_ascii() {
                // Most lines: a byte is a character.
                for b in text.bytes() {
                    seen[k][usize::from(b)] = true;
                }
                continue;
            }
            for c in text.chars() {
                match seen[k].get_mut(c as usize) {
                    Some(s) => *s = true,
                    None => {
                        rare[k].insert(c);
                    }
                }
            }
        }
    }
    let mut used = Used::default();
    let mut fallback = BTreeSet::new();
    for (k, kind) in [FontKind::Regular, FontKind::Bold].into_iter().enumerate() {
        let m = fonts.metrics(kind);
        let chars = (0..SEEN as u32)
            .filter(|&i| seen[k][i as usize])
            .filter_map(char::from_u32)
            .chain(rare[k].iter().copied())
            .chain([' ']);
        let mut lacking = false;
        for c in chars {
            // As `show_text` decides: the face, else the fallback, else the
            // placeholder.
            match m.glyph(c).filter(|_| m.has_glyph(c)) {
                Some(g) => {
                    used.glyphs[k].insert(g.0);
                    used.chars[k].push(c);
                }
                None if m.fallback_has(c) => {
                    fallback.insert(c);
                }
                None => lacking = true,
            }
        }
        if let (true, Some(g)) = (lacking, m.glyph(REPLACEMENT)) {
            used.glyphs[k].insert(g.0);
            used.chars[k].push(REPLACEMENT);
        }
    }
    used.fallback = fallback.into_iter().collect();
    used
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn render(
    fonts: &Fonts,
    geometry: &PageGeometry,
    pages: &[Page],
    outline: &[OutlineEntry],
    tree: &StructTree,
    info: &DocumentInfo,
    watermark: Option<&Watermark>,
    attachment: Option<&Attachment>,
) -> Result<Rendered, ReportError> {
    let used = used_glyphs(fonts, pages);
    let PdfFonts {
        regular,
        bold,
        embed,
    } = pdf_fonts_for(&used)?;
    crate::phases::mark("fonts parsed for printpdf");

    // The fallback face is printed with exactly when a character needs it.
    let uses_fallback = !used.fallback.is_empty();
    let emoji = if uses_fallback {
        Some(parsed_font(EMOJI_TTF, "Noto Emoji")?)
    } else {
        None
    };
    let page = |ops: Vec<Op>| {
        PdfPage::new(
            Mm(geometry.width / super::layout::MM),
            Mm(geometry.height / super::layout::MM),
            ops,
        )
    };
    let form = watermark
        .map(|w| watermark_form(page(watermark_ops(fonts, geometry, w))))
        .transpose()?;
    let watermark_ops = if form.is_some() {
        watermark_use()
    } else {
        Vec::new()
    };
    let document = |pages: Vec<PdfPage>| {
        let mut doc = PdfDocument::new(&info.title);
        let fonts = &mut doc.resources.fonts.map;
        fonts.insert(
            FontId(REGULAR_ID.into()),
            printpdf::font::PdfFont::new(regular.clone()),
        );
        fonts.insert(
            FontId(BOLD_ID.into()),
            printpdf::font::PdfFont::new(bold.clone()),
        );
        if let Some(e) = &emoji {
            fonts.insert(
                FontId(EMOJI_ID.into()),
                printpdf::font::PdfFont::new(e.clone()),
            );
        }
        if let Some(form) = &form {
            doc.resources
                .xobjects
                .map
                .insert(XObjectId(WATERMARK_ID.into()), form.clone());
        }
        doc.with_pages(pages);
        doc
    };
    let opts = PdfSaveOptions {
        optimize: true,
        // Subset below, keeping glyph ids: printpdf's own subsetting (allsorts,
        // then parsing the subset again) was half the export's time.
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    // `pages` drawn with `fonts` (the `lead` page first, if any) and
    // converted by printpdf: the PDF objects, each page's marked content,
    // and the characters printed as a placeholder.
    let half = |fonts: &Fonts, pages: &[Page], lead: Option<Vec<Op>>| {
        let mut content: Vec<PageContent> = Vec::with_capacity(pages.len());
        let mut missing = BTreeSet::new();
        let mut fallback = false;
        let mut pdf_pages: Vec<PdfPage> = lead.map(page).into_iter().collect();
        pdf_pages.extend(pages.iter().map(|p| {
            let mut ops = watermark_ops.clone();
            let mut marked = PageContent::new();
            ops.extend(page_ops(
                fonts,
                geometry,
                p,
                tree,
                &mut marked,
                &mut missing,
                &mut fallback,
            ));
            content.push(marked);
            page(ops)
        }));
        debug_assert!(!fallback || uses_fallback, "the fallback face is loaded");
        let lo = document(pdf_pages).to_lopdf_document(&opts, &mut Vec::new());
        (lo, content, missing)
    };
    // Drawing the pages and printpdf turning them into PDF objects is half
    // of an export's work (issue 22), and one page does not depend on
    // another: a longer report is done in two halves at once, the first
    // half led by a page showing every character the report prints (so that
    // its fonts' widths and text mapping cover the whole report), and the
    // second half's pages are moved into the first's document, using its
    // fonts. The second half has faces of its own to measure with (their
    // caches are not shared between threads).
    let (mut lo, content, missing) = if pages.len() < SPLIT_AT_PAGES {
        half(fonts, pages, None)
    } else {
        let (first, second) = pages.split_at(pages.len() / 2);
        let (first, second) = super::parallel::both(
            || {
                half(
                    fonts,
                    first,
                    Some(every_character_ops(&used, uses_fallback)),
                )
            },
            || Fonts::load().map(|own| half(&own, second, None)),
        );
        let (second, second_content, second_missing) = second?;
        let (first, mut content, mut missing) = first;
        content.extend(second_content);
        missing.extend(second_missing);
        (join_halves(first, second)?, content, missing)
    };
    if form.is_some() {
        fix_forms(&mut lo, geometry);
    }
    crate::phases::mark("pages drawn, printpdf to lopdf");
    subset_fonts(&mut lo, &embed);
    crate::phases::mark("fonts subset");
    // Every stream to be deflated exists now (what is added below, the
    // attachment and the XMP packet, stays uncompressed): another thread
    // deflates them while this one writes the outline, structure tree and
    // metadata, then both do (issue 22: deflating took 6.6 ms of the large
    // audit's export, the structure tree 5.6 ms, one after the other).
    let pending = take_compressible(&mut lo);
    // Largest first, so that neither thread is left with a big one at the end.
    let mut order: Vec<usize> = (0..pending.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(pending[i].1.len()));
    let next = AtomicUsize::new(0);
    let deflate_some = || deflate_shared(&pending, &order, &next);
    let (written, deflated) = super::parallel::both(
        || -> Result<_, ReportError> {
            finish(&mut lo, outline, info)?;
            if let Some(a) = attachment {
                attach(&mut lo, a)?;
            }
            // After the attachment, so that its bytes stay the first place
            // the signed text appears in the file (the XMP packet repeats
            // the title).
            super::tags::write_structure(&mut lo, tree, &content, LANGUAGE)
                .map_err(ReportError::Write)?;
            super::tags::write_metadata(
                &mut lo,
                &info.title,
                &info.author,
                &info.subject,
                info.date
                    .as_ref()
                    .map(|d| format!("{:04}-{:02}-{:02}", d.year, d.month, d.day.unwrap_or(1)))
                    .as_deref(),
                &producer(),
            )
            .map_err(ReportError::Write)?;
            crate::phases::mark("outline, structure tree, metadata");
            // Then this thread deflates what is left beside the other.
            Ok(deflate_some())
        },
        deflate_some,
    );
    let mut compressed: Vec<Option<Vec<u8>>> = vec![None; pending.len()];
    for (i, d) in written?.into_iter().chain(deflated) {
        compressed[i] = d;
    }
    put_back(&mut lo, (pending, compressed));
    // Anything a writer above added that may be deflated (none today).
    compress_streams(&mut lo);
    crate::phases::mark("streams compressed");
    let mut out = Vec::new();
    lo.save_to(&mut out)
        .map_err(|e| ReportError::Write(e.to_string()))?;
    crate::phases::mark("PDF serialised");
    free_later(lo);
    Ok(Rendered {
        bytes: out,
        missing: missing.into_iter().collect(),
    })
}

/// Frees `value` on a thread of its own. The PDF objects and laid-out pages
/// of a 100-page report are tens of thousands of small allocations, which
/// took milliseconds to free after the file was ready (issue 22); nobody
/// needs to wait for that, and `s11 export-pdf` can exit first. Where no
/// thread can be made, `value` is freed here as usual.
pub(crate) fn free_later<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new().spawn(move || drop(value));
}

/// A drawn PDF, and the characters printed as a placeholder because the
/// report's fonts have no glyph for them.
pub(crate) struct Rendered {
    pub bytes: Vec<u8>,
    pub missing: Vec<char>,
}

/// The characters `pages` print as a placeholder, as [`render`] reports
/// them (the same drawing, with nothing converted or written).
pub(crate) fn missing_characters(
    fonts: &Fonts,
    geometry: &PageGeometry,
    pages: &[Page],
    tree: &StructTree,
) -> Vec<char> {
    let mut missing = BTreeSet::new();
    let mut fallback = false;
    for page in pages {
        let mut marked = PageContent::new();
        page_ops(
            fonts,
            geometry,
            page,
            tree,
            &mut marked,
            &mut missing,
            &mut fallback,
        );
    }
    missing.into_iter().collect()
}

/// A report of this many pages or more is converted in two halves at once.
/// Below it, the page of every character would cost more than it saves.
const SPLIT_AT_PAGES: usize = 8;

/// A page (never kept) that shows, with each face, every character the
/// report prints with it: printpdf writes a font's widths (/W) and its text
/// mapping (/ToUnicode) for the characters the pages of its own document
/// show, and the first half's fonts serve both halves.
fn every_character_ops(used: &Used, uses_fallback: bool) -> Vec<Op> {
    let fallback = uses_fallback.then_some((EMOJI_ID, &used.fallback));
    let mut ops = vec![Op::StartTextSection];
    for (id, chars) in [(REGULAR_ID, &used.chars[0]), (BOLD_ID, &used.chars[1])]
        .into_iter()
        .chain(fallback)
    {
        if chars.is_empty() {
            continue;
        }
        ops.push(Op::SetFont {
            font: PdfFontHandle::External(FontId(id.into())),
            size: Pt(10.0),
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::Text(chars.clone())],
        });
    }
    ops.push(Op::EndTextSection);
    ops
}

/// The report from its two halves, converted apart: `first` begins with
/// the page of every character, which goes; the pages of `second` follow
/// the rest of `first`, sharing its resources (its fonts, which cover the
/// whole report). The rest of `second` (its own fonts) is dropped.
fn join_halves(
    mut first: lopdf::Document,
    mut second: lopdf::Document,
) -> Result<lopdf::Document, ReportError> {
    let fail = |what: &str| ReportError::Write(format!("joining the report's two halves: {what}"));
    let ordered: Vec<ObjectId> = first.get_pages().into_values().collect();
    let Some((&every_character, pages)) = ordered.split_first() else {
        return Err(fail("no pages"));
    };
    let root = first
        .catalog()
        .and_then(|c| c.get(b"Pages"))
        .and_then(Object::as_reference)
        .map_err(|e| fail(&e.to_string()))?;
    let resources = pages
        .first()
        .and_then(|&id| first.get_dictionary(id).ok())
        .and_then(|page| page.get(b"Resources").ok())
        .cloned()
        .ok_or_else(|| fail("the first half's resources"))?;
    if let Some(Object::Dictionary(page)) = first.objects.remove(&every_character) {
        for key in [&b"Contents"[..], b"Resources"] {
            if let Ok(id) = page.get(key).and_then(Object::as_reference) {
                first.objects.remove(&id);
            }
        }
    }
    let mut kids: Vec<Object> = pages.iter().map(|&id| Object::Reference(id)).collect();
    for id in second.get_pages().into_values() {
        let Some(Object::Dictionary(mut page)) = second.objects.remove(&id) else {
            return Err(fail("a page of the second half"));
        };
        let contents = page
            .get(b"Contents")
            .and_then(Object::as_reference)
            .ok()
            .and_then(|c| second.objects.remove(&c))
            .ok_or_else(|| fail("a page's content"))?;
        let contents = first.add_object(contents);
        page.set("Contents", Object::Reference(contents));
        page.set("Resources", resources.clone());
        page.set("Parent", Object::Reference(root));
        kids.push(Object::Reference(first.add_object(page)));
    }
    let count = i64::try_from(kids.len()).unwrap_or(i64::MAX);
    let tree = first
        .get_dictionary_mut(root)
        .map_err(|e| fail(&e.to_string()))?;
    tree.set("Kids", Object::Array(kids));
    tree.set("Count", Object::Integer(count));
    Ok(first)
}

/// Deflates every stream not yet filtered. Measured on the 81-page regional
/// report: level 9 (lopdf's) took ~95 ms, level 6 ~50 ms, level 1 ~8 ms for
/// a file a third larger (550 KB against 410 KB); speed matters more here.
fn compress_streams(doc: &mut lopdf::Document) {
    let pending = take_compressible(doc);
    let compressed = deflate_all(&pending);
    put_back(doc, (pending, compressed));
}

/// Streams' contents taken out of the document, by object.
type Taken = Vec<(ObjectId, Vec<u8>)>;

/// The streams to deflate, their content taken out (left empty in the
/// document until [`put_back`]), in object order.
fn take_compressible(doc: &mut lopdf::Document) -> Taken {
    doc.objects
        .iter_mut()
        .filter_map(|(id, object)| match object {
            Object::Stream(stream)
                if stream.allows_compression && stream.dict.get(b"Filter").is_err() =>
            {
                Some((*id, std::mem::take(&mut stream.content)))
            }
            _ => None,
        })
        .collect()
}

/// Each content deflated, or `None` where that would not make it smaller.
fn deflate_all(pending: &[(ObjectId, Vec<u8>)]) -> Vec<Option<Vec<u8>>> {
    pending
        .iter()
        .map(|(_, content)| deflate(content))
        .collect()
}

/// Deflates the contents `order` names, in that order, taking each next one
/// from `next` (shared with another thread doing the same), until none is
/// left: each by its index in `pending`.
fn deflate_shared(
    pending: &[(ObjectId, Vec<u8>)],
    order: &[usize],
    next: &AtomicUsize,
) -> Vec<(usize, Option<Vec<u8>>)> {
    let mut done = Vec::new();
    while let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
        done.push((i, deflate(&pending[i].1)));
    }
    done
}

/// `content` deflated, or `None` where that would not make it smaller.
fn deflate(content: &[u8]) -> Option<Vec<u8>> {
    use std::io::Write;
    let mut encoder = flate2::write::ZlibEncoder::new(
        Vec::with_capacity(content.len() / 3),
        flate2::Compression::new(COMPRESSION_LEVEL),
    );
    encoder
        .write_all(content)
        .and_then(|()| encoder.finish())
        .ok()
        .filter(|c| c.len() < content.len())
}

/// Puts each taken content back, deflated where that made it smaller.
fn put_back(doc: &mut lopdf::Document, (pending, compressed): (Taken, Vec<Option<Vec<u8>>>)) {
    for ((id, original), deflated) in pending.into_iter().zip(compressed) {
        let Some(Object::Stream(stream)) = doc.objects.get_mut(&id) else {
            continue;
        };
        match deflated {
            Some(bytes) => {
                stream
                    .dict
                    .set("Filter", Object::Name(b"FlateDecode".to_vec()));
                stream.set_content(bytes);
            }
            None => stream.set_content(original),
        }
    }
}

const COMPRESSION_LEVEL: u32 = 1;

/// Replaces each embedded font program (printpdf embeds our fonts whole)
/// with a subset of the glyphs its /W lists (printpdf writes a width for
/// every glyph the pages use), keeping glyph ids, and names the font with
/// its subset tag ("SXIREG+DejaVuSans") as a subset must be named. A font
/// that cannot be subset stays whole and untagged: larger, still right.
fn subset_fonts(doc: &mut lopdf::Document, embed: &[Embedded]) {
    use std::collections::BTreeSet;
    // (the font program printpdf embedded, what to embed instead if known
    // already, subset tag)
    type Ours<'a> = (&'a [u8], Option<&'a [u8]>, &'a str);
    let mut ours: Vec<Ours> = vec![
        (REGULAR_TTF, None, REGULAR_ID),
        (BOLD_TTF, None, BOLD_ID),
        (EMOJI_TTF, None, EMOJI_ID),
    ];
    for (drawn, embedded, tag) in embed {
        ours.push((drawn, Some(embedded), tag));
    }
    // (Type0 font, CIDFont, descriptor, font program, subset tag, glyphs used)
    let mut found = Vec::new();
    for (&type0, object) in &doc.objects {
        let Ok(dict) = object.as_dict() else { continue };
        if !dict.has_type(b"Font")
            || dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Type0")
        {
            continue;
        }
        // The CIDFont: printpdf writes it inline, another writer might not.
        let descendant = dict
            .get(b"DescendantFonts")
            .and_then(Object::as_array)
            .ok()
            .and_then(|a| a.first());
        let (cid, cid_dict) = match descendant {
            Some(Object::Reference(id)) => match doc.get_dictionary(*id) {
                Ok(d) => (Some(*id), d),
                Err(_) => continue,
            },
            Some(Object::Dictionary(d)) => (None, d),
            _ => continue,
        };
        let Ok(descriptor) = cid_dict
            .get(b"FontDescriptor")
            .and_then(Object::as_reference)
        else {
            continue;
        };
        let Ok(program) = doc
            .get_dictionary(descriptor)
            .and_then(|d| d.get(b"FontFile2"))
            .and_then(Object::as_reference)
        else {
            continue;
        };
        let Ok(stream) = doc.get_object(program).and_then(Object::as_stream) else {
            continue;
        };
        let Some(&(_, ready, tag)) = ours.iter().find(|(bytes, ..)| stream.content == *bytes)
        else {
            continue;
        };
        let mut used = BTreeSet::new();
        let w = match ready {
            Some(_) => None,
            None => cid_dict.get(b"W").and_then(Object::as_array).ok(),
        };
        if let Some(w) = w {
            // /W: `first [w1 w2 ...]` runs, or `first last w` ranges.
            let mut i = 0;
            while i < w.len() {
                let first = w[i].as_i64().unwrap_or(-1);
                match w.get(i + 1) {
                    Some(Object::Array(ws)) => {
                        used.extend((0..ws.len() as i64).map(|k| first + k));
                        i += 2;
                    }
                    Some(last) => {
                        used.extend(first..=last.as_i64().unwrap_or(first));
                        i += 3;
                    }
                    None => break,
                }
            }
        }
        let used: BTreeSet<u16> = used
            .into_iter()
            .filter_map(|g| u16::try_from(g).ok())
            .collect();
        found.push((type0, cid, descriptor, program, tag, ready, used));
    }
    for (type0, cid, descriptor, program, tag, ready, used) in found {
        let Ok(Object::Stream(stream)) = doc.get_object_mut(program) else {
            continue;
        };
        let subset = match ready {
            Some(bytes) => bytes.to_vec(),
            None => match super::subset::subset_keeping_ids(&stream.content, &used) {
                Ok(subset) => subset,
                Err(_) => continue,
            },
        };
        // /Length1 is the font program's length before compression.
        stream
            .dict
            .set("Length1", Object::Integer(subset.len() as i64));
        stream.set_content(subset);
        let name = |doc: &lopdf::Document, id: ObjectId, key: &[u8]| {
            doc.get_dictionary(id)
                .and_then(|d| d.get(key))
                .and_then(Object::as_name)
                .map(|n| n.to_vec())
                .unwrap_or_default()
        };
        let base = name(doc, descriptor, b"FontName");
        let base = base.rsplit(|&b| b == b'+').next().unwrap_or(&base).to_vec();
        let tagged = [tag.as_bytes(), b"+", &base].concat();
        for (id, key) in [(type0, &b"BaseFont"[..]), (descriptor, b"FontName")] {
            if let Ok(d) = doc.get_dictionary_mut(id) {
                d.set(key, Object::Name(tagged.clone()));
            }
        }
        let cid_dict = match cid {
            Some(id) => doc.get_dictionary_mut(id).ok(),
            None => doc
                .get_dictionary_mut(type0)
                .ok()
                .and_then(|d| d.get_mut(b"DescendantFonts").ok())
                .and_then(|a| a.as_array_mut().ok())
                .and_then(|a| a.first_mut())
                .and_then(|o| o.as_dict_mut().ok()),
        };
        if let Some(d) = cid_dict {
            d.set("BaseFont", Object::Name(tagged.clone()));
        }
    }
}

fn parsed_font(bytes: &[u8], name: &str) -> Result<ParsedFont, ReportError> {
    ParsedFont::from_bytes(bytes, 0, &mut Vec::new())
        .ok_or_else(|| ReportError::Font(name.to_string()))
}

/// Positions rounded to a hundredth of a point (far below what print or
/// screen shows) keep the content streams short: fewer bytes to deflate.
fn pt(v: f32) -> Pt {
    Pt((v * 100.0).round() / 100.0)
}

fn rgb(c: Colour) -> Color {
    Color::Rgb(Rgb {
        r: c.0,
        g: c.1,
        b: c.2,
        icc_profile: None,
    })
}

fn font_handle(kind: FontKind) -> PdfFontHandle {
    PdfFontHandle::External(FontId(match kind {
        FontKind::Regular => REGULAR_ID.into(),
        FontKind::Bold => BOLD_ID.into(),
    }))
}

/// The document's language: British English.
const LANGUAGE: &str = "en-GB";

fn producer() -> String {
    concat!(
        "Section 11 Panel ",
        env!("CARGO_PKG_VERSION"),
        " (printpdf)"
    )
    .to_string()
}

/// The marked-content sequence open in a page's content stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Mark {
    #[default]
    None,
    Artifact,
    Element(NodeId),
}

/// Tracks the graphics state so each change is written once, not per draw.
#[derive(Default)]
struct State {
    mark: Mark,
    in_text: bool,
    font: Option<(FontKind, u32)>,
    fill: Option<[u32; 3]>,
    stroke: Option<([u32; 3], u32)>,
}

fn key(c: Colour) -> [u32; 3] {
    [c.0.to_bits(), c.1.to_bits(), c.2.to_bits()]
}

/// Opens the marked-content sequence `want` unless it is open already:
/// an element's text is marked with its MCID (recorded in `content`), all
/// else is an artifact. A sequence never crosses a BT/ET boundary.
fn mark(
    ops: &mut Vec<Op>,
    st: &mut State,
    want: Mark,
    tree: &StructTree,
    content: &mut PageContent,
) {
    if st.mark == want {
        return;
    }
    close_mark(ops, st);
    match want {
        Mark::None => {}
        Mark::Artifact => ops.push(Op::BeginMarkedContent {
            tag: "Artifact".into(),
        }),
        Mark::Element(node) => {
            let mcid = u32::try_from(content.len()).unwrap_or(u32::MAX);
            content.push((node, mcid));
            let tag = tree
                .nodes
                .get(node)
                .map_or("Span", |n| n.role.name())
                .to_string();
            let mut map = std::collections::BTreeMap::new();
            map.insert("MCID".to_string(), DictItem::Int(i64::from(mcid)));
            ops.push(Op::BeginMarkedContentWithProperties {
                tag,
                properties: DictItem::Dict { map },
            });
        }
    }
    st.mark = want;
}

fn close_mark(ops: &mut Vec<Op>, st: &mut State) {
    if st.mark != Mark::None {
        ops.push(Op::EndMarkedContent);
        st.mark = Mark::None;
    }
}

fn page_ops(
    fonts: &Fonts,
    geometry: &PageGeometry,
    page: &Page,
    tree: &StructTree,
    content: &mut PageContent,
    missing: &mut BTreeSet<char>,
    uses_fallback: &mut bool,
) -> Vec<Op> {
    let h = geometry.height;
    let mut ops = Vec::with_capacity(page.draws.len() * 3 + 4);
    let mut st = State::default();
    let mut tags = page.tags.iter().peekable();
    ops.push(Op::SaveGraphicsState);
    for (i, d) in page.draws.iter().enumerate() {
        let want = match d {
            // Text, and a figure's drawn bars, belong to their element.
            Draw::Text { .. } | Draw::Fill { .. } => match tags.peek() {
                Some(&&(at, node)) if at == i => {
                    tags.next();
                    Mark::Element(node)
                }
                _ => Mark::Artifact,
            },
            _ => Mark::Artifact,
        };
        match d {
            Draw::Text {
                x,
                y,
                text,
                font,
                size,
                colour,
            } => {
                if !st.in_text {
                    close_mark(&mut ops, &mut st);
                    ops.push(Op::StartTextSection);
                    st.in_text = true;
                }
                mark(&mut ops, &mut st, want, tree, content);
                if st.font != Some((*font, size.to_bits())) {
                    ops.push(Op::SetFont {
                        font: font_handle(*font),
                        size: Pt(*size),
                    });
                    st.font = Some((*font, size.to_bits()));
                }
                if st.fill != Some(key(*colour)) {
                    ops.push(Op::SetFillColor { col: rgb(*colour) });
                    st.fill = Some(key(*colour));
                }
                ops.push(Op::SetTextMatrix {
                    matrix: TextMatrix::Translate(pt(*x), pt(h - *y)),
                });
                // A line that continues on the next line of the same
                // element ends in a space in the text layer, so that words
                // either side of a line break do not run together when the
                // element's text is read out or copied.
                let continues = matches!(want, Mark::Element(node)
                    if tags.peek().is_some_and(|&&(at, next)| at == i + 1 && next == node)
                        && matches!(page.draws.get(i + 1), Some(Draw::Text { y: next_y, .. }) if next_y != y)
                        && !text.ends_with(' '));
                let shown = if continues {
                    format!("{text} ")
                } else {
                    text.clone()
                };
                show_text(
                    &mut ops,
                    fonts.metrics(*font),
                    (*font, *size),
                    shown,
                    missing,
                    uses_fallback,
                );
            }
            Draw::Fill {
                x,
                y,
                w,
                h: rh,
                colour,
            } => {
                end_text(&mut ops, &mut st);
                mark(&mut ops, &mut st, want, tree, content);
                if st.fill != Some(key(*colour)) {
                    ops.push(Op::SetFillColor { col: rgb(*colour) });
                    st.fill = Some(key(*colour));
                }
                ops.push(Op::DrawRectangle {
                    rectangle: Rect {
                        x: pt(*x),
                        y: pt(h - *y - *rh),
                        width: pt(*w),
                        height: pt(*rh),
                        mode: Some(PaintMode::Fill),
                        winding_order: None,
                    },
                });
            }
            Draw::Line {
                x1,
                y1,
                x2,
                y2,
                width,
                colour,
            } => {
                end_text(&mut ops, &mut st);
                mark(&mut ops, &mut st, want, tree, content);
                if st.stroke != Some((key(*colour), width.to_bits())) {
                    ops.push(Op::SetOutlineColor { col: rgb(*colour) });
                    ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
                    st.stroke = Some((key(*colour), width.to_bits()));
                }
                ops.push(Op::DrawLine {
                    line: PdfLine {
                        points: vec![
                            LinePoint {
                                p: Point {
                                    x: pt(*x1),
                                    y: pt(h - *y1),
                                },
                                bezier: false,
                            },
                            LinePoint {
                                p: Point {
                                    x: pt(*x2),
                                    y: pt(h - *y2),
                                },
                                bezier: false,
                            },
                        ],
                        is_closed: false,
                    },
                });
            }
        }
    }
    end_text(&mut ops, &mut st);
    close_mark(&mut ops, &mut st);
    ops.push(Op::RestoreGraphicsState);
    ops
}

/// Shows `text` in `face` (`current`: its kind and size). A character the
/// face lacks is printed in the fallback face (Noto Emoji) when that has
/// it, else as a placeholder; either way inside a span whose /ActualText is
/// the real text (with any variation selector or skin tone after it, which
/// are not drawn), so that it is copied, searched and read aloud as typed.
/// Characters printed as a placeholder are added to `missing`, for the
/// export to report.
fn show_text(
    ops: &mut Vec<Op>,
    face: &Metrics,
    current: (FontKind, f32),
    text: String,
    missing: &mut BTreeSet<char>,
    uses_fallback: &mut bool,
) {
    // ASCII is all in DejaVu Sans: most text never looks further.
    if text.is_ascii() || text.chars().all(|c| face.has_glyph(c)) {
        ops.push(Op::ShowText {
            items: vec![TextItem::Text(text)],
        });
        return;
    }
    let mut printable = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if face.has_glyph(c) {
            printable.push(c);
            continue;
        }
        if !printable.is_empty() {
            ops.push(Op::ShowText {
                items: vec![TextItem::Text(std::mem::take(&mut printable))],
            });
        }
        if face.fallback_has(c) {
            let mut actual = String::from(c);
            while let Some(&n) = chars.peek() {
                if face.has_glyph(n) || !joins_placeholder(n) {
                    break;
                }
                actual.push(n);
                chars.next();
            }
            *uses_fallback = true;
            ops.push(actual_text_span(&actual));
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(FontId(EMOJI_ID.into())),
                size: Pt(current.1),
            });
            ops.push(Op::ShowText {
                items: vec![TextItem::Text(c.to_string())],
            });
            ops.push(Op::SetFont {
                font: font_handle(current.0),
                size: Pt(current.1),
            });
            ops.push(Op::EndMarkedContent);
            continue;
        }
        let mut actual = String::from(c);
        missing.insert(c);
        while let Some(&n) = chars.peek() {
            if face.has_glyph(n) || (face.fallback_has(n) && !joins_placeholder(n)) {
                break;
            }
            actual.push(n);
            if !joins_placeholder(n) {
                missing.insert(n);
            }
            chars.next();
        }
        let shown: String = actual
            .chars()
            .enumerate()
            .filter(|(i, c)| *i == 0 || !joins_placeholder(*c))
            .map(|_| REPLACEMENT)
            .collect();
        ops.push(actual_text_span(&actual));
        ops.push(Op::ShowText {
            items: vec![TextItem::Text(shown)],
        });
        ops.push(Op::EndMarkedContent);
    }
    if !printable.is_empty() {
        ops.push(Op::ShowText {
            items: vec![TextItem::Text(printable)],
        });
    }
}

/// Opens a span whose /ActualText is `actual`.
fn actual_text_span(actual: &str) -> Op {
    let mut utf16 = vec![0xFE, 0xFF];
    for unit in actual.encode_utf16() {
        utf16.extend_from_slice(&unit.to_be_bytes());
    }
    let mut map = std::collections::BTreeMap::new();
    map.insert(
        "ActualText".to_string(),
        DictItem::String {
            data: utf16,
            literal: false,
        },
    );
    Op::BeginMarkedContentWithProperties {
        tag: "Span".into(),
        properties: DictItem::Dict { map },
    }
}

fn end_text(ops: &mut Vec<Op>, st: &mut State) {
    if st.in_text {
        close_mark(ops, st);
        ops.push(Op::EndTextSection);
        st.in_text = false;
    }
}

/// The watermark's glyph outlines, centred on the page and turned along its
/// diagonal, as one filled shape.
fn watermark_ops(fonts: &Fonts, geometry: &PageGeometry, w: &Watermark) -> Vec<Op> {
    let size = 150.0;
    let m = fonts.metrics(FontKind::Bold);
    let width = m.width(&w.text, size);
    let cap_height = size * 0.73;
    let angle = (geometry.height).atan2(geometry.width);
    let (sin, cos) = angle.sin_cos();
    let (cx, cy) = (geometry.width / 2.0, geometry.height / 2.0);
    let rings = m
        .outline(&w.text, size)
        .into_iter()
        .map(|contour| PolygonRing {
            points: contour
                .into_iter()
                .map(|p| {
                    // Centre the word on the origin, rotate, move to the page centre.
                    let (x, y) = (p.x - width / 2.0, p.y - cap_height / 2.0);
                    LinePoint {
                        p: Point {
                            x: pt(cx + x * cos - y * sin),
                            y: pt(cy + x * sin + y * cos),
                        },
                        bezier: p.control,
                    }
                })
                .collect(),
        })
        .collect();
    vec![
        Op::SaveGraphicsState,
        Op::SetFillColor { col: rgb(w.colour) },
        Op::DrawPolygon {
            polygon: Polygon {
                rings,
                mode: PaintMode::Fill,
                winding_order: WindingOrder::NonZero,
            },
        },
        Op::RestoreGraphicsState,
    ]
}

/// The resource name of the watermark's form XObject.
const WATERMARK_ID: &str = "SXIWMK";

/// The watermark drawn once, by printpdf, as the content of a form XObject
/// that every page shows (issue 22: its outlines, repeated on each page,
/// were a quarter of a draft's content streams, converted, deflated and
/// written once per page).
fn watermark_form(page: PdfPage) -> Result<XObject, ReportError> {
    let mut doc = PdfDocument::new("");
    doc.with_pages(vec![page]);
    let lo = doc.to_lopdf_document(&PdfSaveOptions::default(), &mut Vec::new());
    let bytes = lo
        .get_pages()
        .into_values()
        .next()
        .map(|id| lo.get_page_content(id))
        .filter(|bytes| !bytes.is_empty())
        .ok_or_else(|| ReportError::Write("the watermark could not be drawn".into()))?;
    Ok(XObject::Form(FormXObject {
        form_type: FormType::Type1,
        size: None,
        bytes,
        matrix: None,
        resources: None,
        group: None,
        ref_dict: None,
        metadata: None,
        piece_info: None,
        last_modified: None,
        struct_parent: None,
        struct_parents: None,
        opi: None,
        oc: None,
        name: None,
    }))
}

/// What each page draws the watermark with: the form, as an artifact.
fn watermark_use() -> Vec<Op> {
    vec![
        Op::BeginMarkedContent {
            tag: "Artifact".into(),
        },
        Op::UseXobject {
            id: XObjectId(WATERMARK_ID.into()),
            transform: XObjectTransform {
                no_auto_scale: true,
                ..XObjectTransform::default()
            },
        },
        Op::EndMarkedContent,
    ]
}

/// printpdf writes a form XObject without the /BBox the format requires
/// and with its /FormType as a name: both are set here, the box being the
/// page (ISO 32000-1, 8.10.2).
fn fix_forms(doc: &mut lopdf::Document, geometry: &PageGeometry) {
    for object in doc.objects.values_mut() {
        let Object::Stream(stream) = object else {
            continue;
        };
        if stream.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form") {
            continue;
        }
        stream.dict.set("FormType", Object::Integer(1));
        stream.dict.set(
            "BBox",
            Object::Array(vec![
                Object::Integer(0),
                Object::Integer(0),
                Object::Real(pt(geometry.width).0),
                Object::Real(pt(geometry.height).0),
            ]),
        );
    }
}

/// A text string as PDF text: UTF-16BE with a byte order mark, which every
/// reader shows correctly for names with accents.
pub(super) fn pdf_text(s: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for unit in s.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

fn pdf_date(d: &Date) -> Object {
    let text = format!(
        "D:{:04}{:02}{:02}000000Z",
        d.year,
        d.month,
        d.day.unwrap_or(1)
    );
    Object::String(text.into_bytes(), StringFormat::Literal)
}

/// FNV-1a, 128 bits: a stable content hash for the file identifier (not for
/// security; a PDF /ID only needs to tell files apart).
fn fnv128(bytes: &[u8]) -> [u8; 16] {
    let mut h: u128 = 0x6c62272e07bb014262b821756295c58d;
    for b in bytes {
        h ^= u128::from(*b);
        h = h.wrapping_mul(0x0000000001000000000000000000013B);
    }
    h.to_be_bytes()
}

fn finish(
    doc: &mut lopdf::Document,
    outline: &[OutlineEntry],
    info: &DocumentInfo,
) -> Result<(), ReportError> {
    let mut dict = Dictionary::new();
    dict.set("Title", pdf_text(&info.title));
    dict.set("Author", pdf_text(&info.author));
    dict.set("Subject", pdf_text(&info.subject));
    dict.set("Creator", pdf_text("Section 11 Panel"));
    dict.set("Producer", pdf_text(&producer()));
    if let Some(d) = &info.date {
        dict.set("CreationDate", pdf_date(d));
        dict.set("ModDate", pdf_date(d));
    }
    let info_id = doc.add_object(dict);
    doc.trailer.set("Info", Object::Reference(info_id));
    let id = fnv128(&info.identity).to_vec();
    doc.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(id.clone(), StringFormat::Hexadecimal),
            Object::String(id, StringFormat::Hexadecimal),
        ]),
    );
    add_outline(doc, outline)
}

fn attach(doc: &mut lopdf::Document, a: &Attachment) -> Result<(), ReportError> {
    let mut params = Dictionary::new();
    params.set(
        "Size",
        Object::Integer(i64::try_from(a.content.len()).unwrap_or(i64::MAX)),
    );
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"EmbeddedFile".to_vec()));
    dict.set("Subtype", Object::Name(b"application/json".to_vec()));
    dict.set("Params", Object::Dictionary(params));
    let mut stream = lopdf::Stream::new(dict, a.content.clone());
    stream.allows_compression = false;
    let file_id = doc.add_object(Object::Stream(stream));
    let mut ef = Dictionary::new();
    ef.set("F", Object::Reference(file_id));
    let mut spec = Dictionary::new();
    spec.set("Type", Object::Name(b"Filespec".to_vec()));
    spec.set(
        "F",
        Object::String(a.name.clone().into_bytes(), StringFormat::Literal),
    );
    spec.set("UF", pdf_text(&a.name));
    spec.set("Desc", pdf_text(&a.description));
    spec.set("AFRelationship", Object::Name(b"Source".to_vec()));
    spec.set("EF", Object::Dictionary(ef));
    spec.set(
        DIGEST_KEY,
        Object::String(a.digest.clone().into_bytes(), StringFormat::Literal),
    );
    spec.set(SIGNED_BY_KEY, pdf_text(&a.signed_by));
    spec.set(
        SIGNED_AT_KEY,
        Object::String(a.signed_at.clone().into_bytes(), StringFormat::Literal),
    );
    let spec_id = doc.add_object(Object::Dictionary(spec));
    let mut tree = Dictionary::new();
    tree.set(
        "Names",
        Object::Array(vec![
            Object::String(a.name.clone().into_bytes(), StringFormat::Literal),
            Object::Reference(spec_id),
        ]),
    );
    let mut names = Dictionary::new();
    names.set("EmbeddedFiles", Object::Dictionary(tree));
    let catalog = doc
        .catalog_mut()
        .map_err(|e| ReportError::Write(e.to_string()))?;
    catalog.set("Names", Object::Dictionary(names));
    catalog.set("AF", Object::Array(vec![Object::Reference(spec_id)]));
    Ok(())
}

/// A flat outline, one entry per section and review, in reading order.
fn add_outline(doc: &mut lopdf::Document, outline: &[OutlineEntry]) -> Result<(), ReportError> {
    if outline.is_empty() {
        return Ok(());
    }
    let pages = doc.get_pages();
    let root_id = doc.new_object_id();
    let ids: Vec<ObjectId> = outline.iter().map(|_| doc.new_object_id()).collect();
    for (i, entry) in outline.iter().enumerate() {
        let page_number = u32::try_from(entry.page + 1).unwrap_or(u32::MAX);
        let Some(page_id) = pages.get(&page_number).or_else(|| pages.values().last()) else {
            continue;
        };
        let mut d = Dictionary::new();
        d.set("Title", pdf_text(&entry.title));
        d.set("Parent", Object::Reference(root_id));
        d.set(
            "Dest",
            Object::Array(vec![
                Object::Reference(*page_id),
                Object::Name(b"Fit".to_vec()),
            ]),
        );
        if i > 0 {
            d.set("Prev", Object::Reference(ids[i - 1]));
        }
        if let Some(next) = ids.get(i + 1) {
            d.set("Next", Object::Reference(*next));
        }
        doc.objects.insert(ids[i], Object::Dictionary(d));
    }
    let mut root = Dictionary::new();
    root.set("Type", Object::Name(b"Outlines".to_vec()));
    root.set("First", Object::Reference(ids[0]));
    root.set("Last", Object::Reference(ids[ids.len() - 1]));
    root.set(
        "Count",
        Object::Integer(i64::try_from(ids.len()).unwrap_or(0)),
    );
    doc.objects.insert(root_id, Object::Dictionary(root));
    let catalog = doc
        .catalog_mut()
        .map_err(|e| ReportError::Write(e.to_string()))?;
    catalog.set("Outlines", Object::Reference(root_id));
    catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::fnv128;

    #[test]
    fn the_file_id_depends_only_on_the_content() {
        assert_eq!(fnv128(b"audit"), fnv128(b"audit"));
        assert_ne!(fnv128(b"audit"), fnv128(b"audit2"));
    }
}
