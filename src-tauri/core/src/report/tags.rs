//! The report's logical structure, for a tagged PDF (PDF/UA-1) that a screen
//! reader can navigate: headings, paragraphs, lists and tables in reading
//! order. The layout (`layout.rs`) builds the tree as it places things and
//! records which drawn text belongs to which element; `pdf.rs` writes the
//! tree, the marked content and the parent tree. Text the layout draws
//! without an element (running headers and footers, page numbers, the DRAFT
//! mark, a table's header row repeated on a later page, "(continued)") and
//! every rule and fill are artifacts.

/// A standard structure type (ISO 32000-1, 14.8.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Document,
    H1,
    H2,
    P,
    L,
    LI,
    Lbl,
    LBody,
    Table,
    TR,
    /// A header cell and what it heads.
    TH(Scope),
    TD,
    /// A drawn chart (issue 17's regional chart), read out by its /Alt.
    Figure,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Column,
    Row,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::Document => "Document",
            Role::H1 => "H1",
            Role::H2 => "H2",
            Role::P => "P",
            Role::L => "L",
            Role::LI => "LI",
            Role::Lbl => "Lbl",
            Role::LBody => "LBody",
            Role::Table => "Table",
            Role::TR => "TR",
            Role::TH(_) => "TH",
            Role::TD => "TD",
            Role::Figure => "Figure",
        }
    }
}

/// An element's index in [`StructTree::nodes`].
pub type NodeId = usize;

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub role: Role,
    pub parent: NodeId,
    /// Child elements in reading order. Content (marked text) is attached to
    /// an element only by `pdf.rs`, which knows the pages and MCIDs; an
    /// element has either children or content, never both.
    pub kids: Vec<NodeId>,
    /// A table cell that spans this many columns (1 when absent).
    pub col_span: u16,
    /// A table cell that spans this many rows: a theme's merged first column.
    pub row_span: u16,
    /// The text a screen reader gives instead of the content (a Figure's).
    pub alt: Option<String>,
}

/// The tree; node 0 is the Document element.
#[derive(Debug, Clone, PartialEq)]
pub struct StructTree {
    pub nodes: Vec<Node>,
}

impl Default for StructTree {
    fn default() -> Self {
        StructTree {
            nodes: vec![Node {
                role: Role::Document,
                parent: 0,
                kids: Vec::new(),
                col_span: 1,
                row_span: 1,
                alt: None,
            }],
        }
    }
}

pub const ROOT: NodeId = 0;

impl StructTree {
    /// Adds an element as the last child of `parent`.
    pub fn add(&mut self, parent: NodeId, role: Role) -> NodeId {
        let id = self.nodes.len();
        self.nodes.push(Node {
            role,
            parent,
            kids: Vec::new(),
            col_span: 1,
            row_span: 1,
            alt: None,
        });
        if let Some(p) = self.nodes.get_mut(parent) {
            p.kids.push(id);
        }
        id
    }
}

/// Which element a line of laid-out text belongs to: a plain leaf (a
/// paragraph, a heading, a single-paragraph cell), or the first line of a
/// list item, whose bullet run is the item's label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineTag {
    Leaf(NodeId),
    Item { label: NodeId, body: NodeId },
}

impl LineTag {
    /// The element a run of the line belongs to: the label for the bullet
    /// (a run flagged as the bullet), the body otherwise.
    pub fn node_for(self, is_bullet: bool) -> NodeId {
        match self {
            LineTag::Leaf(n) => n,
            LineTag::Item { label, body } => {
                if is_bullet {
                    label
                } else {
                    body
                }
            }
        }
    }
}

/// Where each element's text went: (page index, MCID) per page, in order.
/// `content[page]` lists (element, MCID) with MCIDs 0, 1, 2… in order.
pub(crate) type PageContent = Vec<(NodeId, u32)>;

fn name(s: &str) -> lopdf::Object {
    lopdf::Object::Name(s.as_bytes().to_vec())
}

/// Writes the structure tree, its parent tree and what a tagged PDF/UA-1
/// file declares in its catalog and pages: /MarkInfo, /Lang, the title shown
/// in the window (/DisplayDocTitle), tab order by structure (/Tabs /S).
pub(crate) fn write_structure(
    doc: &mut lopdf::Document,
    tree: &StructTree,
    content: &[PageContent],
    lang: &str,
) -> Result<(), String> {
    use lopdf::{Dictionary, Object};
    let pages: Vec<lopdf::ObjectId> = doc.get_pages().into_values().collect();
    let mut placed: Vec<Vec<(usize, u32)>> = vec![Vec::new(); tree.nodes.len()];
    for (page, items) in content.iter().enumerate() {
        for &(node, mcid) in items {
            if let Some(p) = placed.get_mut(node) {
                p.push((page, mcid));
            }
        }
    }
    let root_id = doc.new_object_id();
    let ids: Vec<lopdf::ObjectId> = tree.nodes.iter().map(|_| doc.new_object_id()).collect();
    for (i, node) in tree.nodes.iter().enumerate() {
        let mut d = Dictionary::new();
        // /Type /StructElem is optional; left out, as thousands of cells
        // would otherwise repeat it.
        d.set("S", name(node.role.name()));
        d.set(
            "P",
            Object::Reference(if i == ROOT { root_id } else { ids[node.parent] }),
        );
        let mut attributes = Dictionary::new();
        if let Role::TH(scope) = node.role {
            attributes.set(
                "Scope",
                name(match scope {
                    Scope::Column => "Column",
                    Scope::Row => "Row",
                }),
            );
        }
        if node.col_span > 1 {
            attributes.set("ColSpan", Object::Integer(i64::from(node.col_span)));
        }
        if node.row_span > 1 {
            attributes.set("RowSpan", Object::Integer(i64::from(node.row_span)));
        }
        if !attributes.is_empty() {
            attributes.set("O", name("Table"));
            d.set("A", Object::Dictionary(attributes));
        }
        if let Some(alt) = &node.alt {
            d.set("Alt", super::pdf::pdf_text(alt));
        }
        if !node.kids.is_empty() {
            d.set(
                "K",
                Object::Array(
                    node.kids
                        .iter()
                        .map(|k| Object::Reference(ids[*k]))
                        .collect(),
                ),
            );
        } else if let Some(&(first_page, _)) = placed[i].first() {
            let pg = pages.get(first_page).copied();
            if let Some(pg) = pg {
                d.set("Pg", Object::Reference(pg));
            }
            let kids = placed[i]
                .iter()
                .map(|&(page, mcid)| {
                    if page == first_page {
                        Object::Integer(i64::from(mcid))
                    } else {
                        let mut mcr = Dictionary::new();
                        mcr.set("Type", name("MCR"));
                        if let Some(p) = pages.get(page) {
                            mcr.set("Pg", Object::Reference(*p));
                        }
                        mcr.set("MCID", Object::Integer(i64::from(mcid)));
                        Object::Dictionary(mcr)
                    }
                })
                .collect::<Vec<_>>();
            // One MCID on the element's page is written bare, as most
            // elements have: shorter, and what simple readers expect.
            match <[Object; 1]>::try_from(kids) {
                Ok([only]) => d.set("K", only),
                Err(kids) => d.set("K", Object::Array(kids)),
            }
        }
        doc.objects.insert(ids[i], Object::Dictionary(d));
    }

    let mut nums = Vec::with_capacity(content.len() * 2);
    for (page, items) in content.iter().enumerate() {
        nums.push(Object::Integer(i64::try_from(page).unwrap_or(0)));
        nums.push(Object::Array(
            items
                .iter()
                .map(|&(node, _)| Object::Reference(ids[node]))
                .collect(),
        ));
    }
    let mut parent_tree = Dictionary::new();
    parent_tree.set("Nums", Object::Array(nums));
    let parent_tree_id = doc.add_object(Object::Dictionary(parent_tree));

    let mut root = Dictionary::new();
    root.set("Type", name("StructTreeRoot"));
    root.set("K", Object::Reference(ids[ROOT]));
    root.set("ParentTree", Object::Reference(parent_tree_id));
    root.set(
        "ParentTreeNextKey",
        Object::Integer(i64::try_from(content.len()).unwrap_or(0)),
    );
    doc.objects.insert(root_id, Object::Dictionary(root));

    for (i, page_id) in pages.iter().enumerate() {
        let page = doc
            .get_object_mut(*page_id)
            .and_then(Object::as_dict_mut)
            .map_err(|e| e.to_string())?;
        page.set(
            "StructParents",
            Object::Integer(i64::try_from(i).unwrap_or(0)),
        );
        page.set("Tabs", name("S"));
    }

    let catalog = doc.catalog_mut().map_err(|e| e.to_string())?;
    catalog.set("StructTreeRoot", Object::Reference(root_id));
    let mut mark_info = Dictionary::new();
    mark_info.set("Marked", Object::Boolean(true));
    catalog.set("MarkInfo", Object::Dictionary(mark_info));
    catalog.set(
        "Lang",
        Object::String(lang.as_bytes().to_vec(), lopdf::StringFormat::Literal),
    );
    let mut prefs = Dictionary::new();
    prefs.set("DisplayDocTitle", Object::Boolean(true));
    catalog.set("ViewerPreferences", Object::Dictionary(prefs));
    Ok(())
}

/// Escapes text for XML character data.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// The XMP metadata packet: title, author and subject as the document
/// information has them, and the PDF/UA-1 identification (pdfuaid:part 1).
/// Left uncompressed, as XMP readers that scan files expect.
pub(crate) fn write_metadata(
    doc: &mut lopdf::Document,
    title: &str,
    author: &str,
    subject: &str,
    date: Option<&str>,
    producer: &str,
) -> Result<(), String> {
    use lopdf::{Dictionary, Object};
    let dates = date
        .map(|d| {
            format!("<xmp:CreateDate>{d}</xmp:CreateDate><xmp:ModifyDate>{d}</xmp:ModifyDate>")
        })
        .unwrap_or_default();
    let packet = format!(
        "<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n\
<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\" xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n\
<dc:format>application/pdf</dc:format>\n\
<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:title>\n\
<dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>\n\
<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:description>\n\
<dc:language><rdf:Bag><rdf:li>en-GB</rdf:li></rdf:Bag></dc:language>\n\
{dates}<xmp:CreatorTool>Section 11 Panel</xmp:CreatorTool><pdf:Producer>{}</pdf:Producer>\n\
<pdfuaid:part>1</pdfuaid:part>\n\
</rdf:Description></rdf:RDF></x:xmpmeta>\n<?xpacket end=\"w\"?>",
        xml(title),
        xml(author),
        xml(subject),
        xml(producer),
    );
    let mut dict = Dictionary::new();
    dict.set("Type", name("Metadata"));
    dict.set("Subtype", name("XML"));
    let mut stream = lopdf::Stream::new(dict, packet.into_bytes());
    stream.allows_compression = false;
    let id = doc.add_object(Object::Stream(stream));
    doc.catalog_mut()
        .map_err(|e| e.to_string())?
        .set("Metadata", Object::Reference(id));
    Ok(())
}
