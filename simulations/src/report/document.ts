/**
 * A report as a small document — sections of lists, tables, links and figures — written once as
 * Markdown (figures linked) and once as one self-contained HTML page (figures inlined), so that the
 * two never say different things.
 */
import { writeFile } from 'node:fs/promises';
import { markdownTable } from './table.js';

/** One block of a section, written in Markdown and in HTML. */
export type Block =
  | { kind: 'text'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; header: string[]; rows: string[][] }
  | { kind: 'links'; links: { text: string; href: string }[] }
  /** `file`: the SVG's path relative to the report; `svg`: its content (inlined in HTML). */
  | { kind: 'figure'; file: string; alt: string; svg: string; caption: string };

/** A titled section of the report. */
export interface Section {
  title: string;
  blocks: Block[];
}

/** A whole report: its title and sections, in order. */
export interface ReportDocument {
  title: string;
  sections: Section[];
}

function blockMarkdown(b: Block): string {
  switch (b.kind) {
    case 'text':
      return b.text;
    case 'list':
      return b.items.map((i) => `- ${i}`).join('\n');
    case 'table':
      return markdownTable(b.header, b.rows);
    case 'links':
      return b.links.map((l) => `- [${l.text}](${l.href})`).join('\n');
    case 'figure':
      return `![${b.alt}](${b.file})\n\n${b.caption}`;
  }
}

/** The document as Markdown. */
function toMarkdown(doc: ReportDocument): string {
  const parts = [`# ${doc.title}`];
  for (const s of doc.sections) parts.push(`## ${s.title}`, ...s.blocks.filter(nonEmpty).map(blockMarkdown));
  return `${parts.join('\n\n')}\n`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function blockHtml(b: Block): string {
  switch (b.kind) {
    case 'text':
      return `<p>${escapeHtml(b.text)}</p>`;
    case 'list':
      return `<ul>${b.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
    case 'table': {
      const head = b.header.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
      const rows = b.rows
        .map((r) => `<tr>${r.map((v, i) => `<td${i === 0 ? '' : ' class="n"'}>${escapeHtml(v)}</td>`).join('')}</tr>`)
        .join('\n');
      return `<table><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>`;
    }
    case 'links':
      return `<ul>${b.links.map((l) => `<li><a href="${escapeHtml(l.href)}">${escapeHtml(l.text)}</a></li>`).join('')}</ul>`;
    case 'figure':
      // Inlined (no external files) so the page can be mailed or attached as is.
      return `<figure>${b.svg.replace(/^<\?xml[^>]*>/, '')}<figcaption>${escapeHtml(b.caption)}</figcaption></figure>`;
  }
}

/** The document as one self-contained HTML page. */
function toHtml(doc: ReportDocument): string {
  const body = doc.sections
    .map((s) => `<h2>${escapeHtml(s.title)}</h2>\n${s.blocks.filter(nonEmpty).map(blockHtml).join('\n')}`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(doc.title)}</title>
<style>
body{font-family:Helvetica,Arial,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:4px 8px}td.n{text-align:right;font-variant-numeric:tabular-nums}
figcaption{color:#555;font-size:90%;max-width:760px}
</style></head><body>
<h1>${escapeHtml(doc.title)}</h1>
${body}
</body></html>
`;
}

/** Lists and link lists without entries are left out. */
function nonEmpty(b: Block): boolean {
  return !((b.kind === 'list' && b.items.length === 0) || (b.kind === 'links' && b.links.length === 0));
}

/** A titled table as blocks: the title (when there is one) as text, then the table. */
export function tableBlocks(t: { title: string | null; header: string[]; rows: string[][] }): Block[] {
  const table: Block = { kind: 'table', header: t.header, rows: t.rows };
  return t.title ? [{ kind: 'text', text: t.title }, table] : [table];
}

/** Writes the document as `markdownPath` and `htmlPath`. */
export async function writeDocument(doc: ReportDocument, markdownPath: string, htmlPath: string): Promise<void> {
  await writeFile(markdownPath, toMarkdown(doc));
  await writeFile(htmlPath, toHtml(doc));
}
