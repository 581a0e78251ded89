#!/usr/bin/env python3
"""Writes a Typst source of an audit's report, for the benchmark's side-by-side
timing of `s11 export-pdf` against Typst's own command-line program (issue 22).

    python3 .ci/typst-report.py AUDIT.json OUT.typ
    typst compile --ignore-system-fonts --font-path src-tauri/core/fonts OUT.typ OUT.pdf

AUDIT.json is what `s11 export-json` writes. The source sets the same report
as ours, in the same order and with the same fonts (DejaVu Sans, embedded
from the repository, no system font scan): a title page, the free-text
sections, each held review's opening paragraph and its theme / question /
response table (header repeated on every page, recommendations inline), the
reviews not held, the conclusion, the recommendations table and the
appendix of questions, with a DRAFT mark, a footer with page numbers and
bookmarks from the headings. It is a fair like-for-like workload, not a
pixel copy: Typst's own paragraph breaking and table layout do the work.
"""
import json
import sys
from datetime import date

MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]


def lit(s):
    """A Typst string literal (Typst's escapes are JSON's, bar \\b and \\f)."""
    return json.dumps(s or "", ensure_ascii=False).replace("\\b", "").replace("\\f", "")


def british(d):
    parts = (d or "").split("-")
    try:
        if len(parts) == 3:
            return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {int(parts[0])}"
        if len(parts) == 2:
            return f"{MONTHS[int(parts[1]) - 1]} {int(parts[0])}"
    except (ValueError, IndexError):
        pass
    return d or ""


def join_and(names):
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def person(p):
    role = (p.get("role") or "").strip()
    return f"{p['name'].strip()} ({role})" if role else p["name"].strip()


def blocks(text):
    """Paragraphs and "- " items, as the report's free text."""
    out = []
    for chunk in (text or "").split("\n\n"):
        lines = [l for l in chunk.split("\n") if l.strip()]
        for l in lines:
            if l.lstrip().startswith("- "):
                out.append(("item", l.lstrip()[2:]))
            elif out and out[-1][0] == "para" and not l.lstrip().startswith("- ") and lines.index(l) > 0:
                out[-1] = ("para", out[-1][1] + " " + l.strip())
            else:
                out.append(("para", l.strip()))
    return out


def free_text(text):
    out = []
    for kind, t in blocks(text):
        if kind == "item":
            out.append(f"#list(marker: text(fill: accent, weight: \"bold\")[✓])[#{lit(t)}]")
        else:
            out.append(f"#par[#{lit(t)}]")
    return "\n".join(out)


def main():
    src, dst = sys.argv[1], sys.argv[2]
    doc = json.load(open(src, encoding="utf-8"))
    audit = doc["audit"]
    members = {m["id"]: m for m in doc.get("panel", [])}
    themes = doc["template"]["themes"]
    recs = doc.get("recommendations", [])
    labels, n = {}, 0
    for r in recs:
        n += 1
        labels[r["id"]] = str(n)
    o = []
    o.append(f"""#let accent = rgb(23, 56, 102)
#let muted = rgb(97, 97, 107)
#set document(title: {lit("Section 11 Peer Review Report " + audit['year'] + " – " + audit['partnership'])}, author: {lit(audit['partnership'])})
#set page(paper: "a4", margin: (x: 20mm, y: 22mm),
  background: rotate(-45deg, text(120pt, fill: rgb(237, 237, 242), weight: "bold")[DRAFT]),
  footer: context [
    #line(length: 100%, stroke: 0.4pt + rgb(140, 148, 161))
    #text(8pt, fill: muted)[#{lit(audit['partnership'] + ' · Section 11 Peer Review Report')} #h(1fr) Page #counter(page).display() of #counter(page).final().first()]
  ])
#set text(font: "DejaVu Sans", size: 10pt, lang: "en", region: "gb", fill: rgb(26, 26, 31))
#set par(leading: 0.55em, spacing: 8pt)
#show heading: it => block(above: 20pt, below: 8pt, text(16pt, fill: accent, weight: "bold", it.body))
#set table(stroke: 0.4pt + rgb(140, 148, 161), inset: 4pt)
""")
    # Title page.
    o.append(f"""#v(28%)
#block(inset: (left: 8mm), stroke: (left: 6pt + accent))[
  #text(20pt, fill: accent, weight: "bold")[#{lit(audit['partnership'])}]
  #v(14pt)
  #text(30pt, weight: "bold")[#{lit("Section 11 Peer Review Report " + audit['year'])}]
  #v(10pt)
  #text(14pt, fill: muted)[#{lit(british(audit.get('report_date')))}]
]
#pagebreak()
""")
    o.append(f"= Background\n{free_text(audit.get('background'))}\n")
    o.append(f"= Methodology\n{free_text(audit.get('methodology'))}\n")
    for status in ("held", "did_not_take_place", "planned"):
        for r in doc["reviews"]:
            if r["status"] != status:
                continue
            name = r.get("short_name") or r["organisation"]
            o.append(f"#heading(level: 2, {lit('Peer Review ' + r['organisation'])})\n")
            if status != "held":
                o.append(f"#par[#{lit('This peer review did not take place.' if status != 'planned' else 'This peer review has not been held yet.')}]\n")
                continue
            opening = []
            if r.get("date"):
                opening.append(f"This review took place on {british(r['date'])}.")
            panel = [members[i]["name"] for i in r.get("panel", []) if i in members]
            if panel:
                opening.append(f"The peer review panel was {join_and(panel)}.")
            reps = [person(p) for p in r.get("representatives", [])]
            if reps:
                opening.append(f"The representatives for {name} were {join_and(reps)}.")
            aps = [person(p) for p in r.get("apologies", [])]
            if aps:
                opening.append(f"Apologies were received from {join_and(aps)}.")
            o.append(f"#par[#{lit(' '.join(opening))}]\n{free_text(r.get('preparation'))}\n")
            responses = {x["question"]: x["text"] for x in r.get("responses", [])}
            incomplete = {x["theme"]: x["reason"] for x in r.get("incomplete_themes", [])}
            cells = []
            for t in themes:
                qs = t["questions"]
                if t["id"] in incomplete:
                    cells.append(f"text(weight: \"bold\", {lit(t['title'])}), [#{lit(' '.join(q['text'] for q in qs))}], text(fill: muted, {lit(incomplete[t['id']])}),")
                    continue
                # The theme's cell spans its questions and the recommendations among them.
                inline = [rec for rec in recs if rec["review"] == r["id"] and rec.get("theme") == t["id"]
                          and rec.get("after_question") in {q["id"] for q in qs}]
                for qi, q in enumerate(qs):
                    first = f"table.cell(rowspan: {len(qs) + len(inline)}, text(weight: \"bold\", {lit(t['title'])}))," if qi == 0 else ""
                    cells.append(f"{first} [#{lit(q['text'])}], [#{lit(responses.get(q['id'], ''))}],")
                    for rec in recs:
                        if rec["review"] == r["id"] and rec.get("theme") == t["id"] and rec.get("after_question") == q["id"]:
                            cells.append(f"table.cell(colspan: 2, fill: rgb(237, 242, 250))[*Recommendation {labels[rec['id']]}:* #{lit(rec['text'])}],")
            o.append("#table(columns: (28mm, 1fr, 1.4fr),\n  table.header(..([*Theme*], [*Question*], [*Response*]).map(c => table.cell(fill: rgb(219, 230, 242), c))),\n  "
                     + "\n  ".join(cells) + "\n)\n")
    o.append(f"= Conclusion\n{free_text(audit.get('conclusion'))}\n")
    o.append("= Recommendations\n")
    rows = []
    for r in doc["reviews"]:
        mine = [x for x in recs if x["review"] == r["id"]]
        if not mine:
            continue
        rows.append(f"table.cell(colspan: 2, fill: rgb(219, 230, 242), text(weight: \"bold\", {lit(r['organisation'])})),")
        for x in mine:
            rows.append(f"[{labels[x['id']]}], [#{lit(x['text'])}],")
    o.append("#table(columns: (14mm, 1fr), table.header([*No.*], [*Recommendation*]),\n  " + "\n  ".join(rows) + "\n)\n")
    o.append("= Appendix: the questions\n")
    rows = []
    for ti, t in enumerate(themes):
        for qi, q in enumerate(t["questions"]):
            first = f"table.cell(rowspan: {len(t['questions'])}, text(weight: \"bold\", {lit(t['title'])}))," if qi == 0 else ""
            rows.append(f"{first} [{ti + 1}.{qi + 1} #{lit(q['text'])}],")
    o.append("#table(columns: (40mm, 1fr), table.header([*Theme*], [*Question*]),\n  " + "\n  ".join(rows) + "\n)\n")
    open(dst, "w", encoding="utf-8").write("\n".join(o))


if __name__ == "__main__":
    main()
