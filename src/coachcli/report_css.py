"""The review packet's stylesheet, inlined in the HTML: a readable screen layout and clean print.

No web font, no image, no URL: the packet opens offline and fetches nothing.
For print (Print → Save as PDF): margins for A4 or Letter, nothing that needs a background
colour to be read, charts, quotes and table rows never split across pages,
table headers repeated on each page, and in a team packet each rep on a page
of their own.
"""

from __future__ import annotations

CSS = """
:root {
  --ink: #1b1f24;
  --muted: #555c66;
  --rule: #c9ced6;
  --head: #eef1f5;
  --accent: #1f3a5f;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0 auto;
  padding: 1.5rem 2rem 3rem;
  max-width: 64rem;
  color: var(--ink);
  background: #fff;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue",
    "DejaVu Sans", "Liberation Sans", Arial, sans-serif;
}
.notice {
  margin: 0 0 1.25rem;
  padding: 0.5rem 0.75rem;
  border: 1px solid #b58100;
  border-left-width: 6px;
  background: #fff6dc;
  font-weight: 600;
}
.notice.private { border-color: #a32020; background: #fde8e8; }
h1 { margin: 0 0 0.25rem; font-size: 1.8rem; line-height: 1.2; }
h2 {
  margin: 2.25rem 0 0.5rem;
  padding-bottom: 0.2rem;
  border-bottom: 2px solid var(--accent);
  font-size: 1.45rem;
}
h3 { margin: 1.6rem 0 0.5rem; font-size: 1.1rem; color: var(--accent); }
.window, .facts, .none, .note { color: var(--muted); margin: 0.25rem 0 0.75rem; }
.none { font-style: italic; }
table {
  width: 100%;
  margin: 0.5rem 0 1rem;
  border-collapse: collapse;
  font-size: 0.92rem;
}
caption {
  caption-side: top;
  text-align: left;
  color: var(--muted);
  font-size: 0.85rem;
  padding-bottom: 0.25rem;
}
th, td {
  padding: 0.3rem 0.5rem;
  border: 1px solid var(--rule);
  text-align: left;
  vertical-align: top;
}
thead th { background: var(--head); font-weight: 600; }
tbody th { font-weight: 600; }
tfoot th, tfoot td { font-weight: 700; border-top: 2px solid var(--ink); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.date { white-space: nowrap; }
.outcome-missed { font-weight: 700; }
.charts {
  display: grid;
  grid-template-columns: repeat(auto-fit, minmax(min(26rem, 100%), 1fr));
  gap: 0.75rem 1.25rem;
}
figure { margin: 0.5rem 0 1rem; }
figure.chart figcaption { font-weight: 600; margin-bottom: 0.25rem; }
figure.chart figcaption span { font-weight: 400; color: var(--muted); }
svg.chart { display: block; height: auto; max-width: 48rem; }
figure.quote { margin: 0.75rem 0 1rem; }
figure.quote blockquote {
  margin: 0;
  padding: 0.25rem 0 0.25rem 1rem;
  border-left: 4px solid var(--rule);
}
figure.quote blockquote p { margin: 0.25rem 0; }
figure.quote figcaption { padding-left: 1rem; color: var(--muted); font-size: 0.9rem; }
.warnings li { color: var(--muted); }

@page { margin: 16mm 14mm 18mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; color: #000; }
  .notice, .notice.private { background: none; border: 1.5pt solid #000; border-left-width: 5pt; }
  h2 { border-bottom: 1.5pt solid #000; break-after: avoid; }
  h3 { color: #000; break-after: avoid; }
  thead th { background: none; border-bottom: 1.5pt solid #000; }
  th, td { border-color: #777; }
  thead { display: table-header-group; }
  tr, figure, blockquote, svg.chart, .keep { break-inside: avoid; }
  .charts { display: block; }
  svg.chart { max-width: 150mm; }
  .team .rep { break-before: page; }
  .window, .facts, .none, .note, caption, figure.quote figcaption { color: #333; }
}
"""
