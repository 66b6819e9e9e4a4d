import type { Block, Printable } from '../documents/printable.ts';

/** Minimal, dependency-free HTML for printable compliance documents. Everything inserted is escaped. */

export const escapeHtml = (value: unknown): string =>
  (typeof value === 'string' ? value : value === null || value === undefined ? '' : JSON.stringify(value))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

export const page = (title: string, body: string): string => `<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
  body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; color: #111; }
  h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 1.6rem; }
  table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
  th, td { border: 1px solid #999; padding: .25rem .4rem; text-align: left; vertical-align: top; }
  th { background: #f0f0f0; } td { word-break: break-word; }
  dl { display: grid; grid-template-columns: 18rem 1fr; gap: .3rem 1rem; } dt { font-weight: 600; }
  .sign { margin-top: 2.5rem; } @media print { body { margin: 0; } }
</style>
</head>
<body>
${body}
</body>
</html>
`;

export const definitionList = (items: readonly (readonly [string, unknown])[]): string =>
  `<dl>${items.map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(value)}</dd>`).join('')}</dl>`;

export const table = (headers: readonly string[], rows: readonly (readonly unknown[])[]): string =>
  `<table><thead><tr>${headers.map((header) => `<th>${escapeHtml(header)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;

const blockHtml = (block: Block): string => {
  switch (block.kind) {
    case 'heading':
      return `<h${block.level}>${escapeHtml(block.text)}</h${block.level}>`;
    case 'paragraph':
      return `<p>${escapeHtml(block.text)}</p>`;
    case 'definitions':
      return definitionList(block.items);
    case 'table':
      return table(block.headers, block.rows);
  }
};

/** A printable document (core/documents/printable.ts) as an inert page: the same content its PDF has. */
export const printableHtml = (printable: Printable): string => page(printable.title, printable.blocks.map(blockHtml).join('\n'));
