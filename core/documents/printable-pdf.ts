import { renderPdf } from './pdf.ts';
import type { Block, Printable } from './printable.ts';

/** Wide tables (a log, the events) in smaller type, so eight columns still fit an A4 page. */
const tableFontSize = (columns: number) => (columns > 5 ? 7 : 8);

const drawBlock = (doc: PDFKit.PDFDocument, block: Block) => {
  switch (block.kind) {
    case 'heading':
      doc.moveDown(block.level === 1 ? 0 : 0.8);
      doc
        .font('B')
        .fontSize(block.level === 1 ? 14 : 12)
        .text(block.text);
      doc.moveDown(0.3);
      break;
    case 'paragraph':
      doc.font('R').fontSize(10).text(block.text).moveDown(0.3);
      break;
    case 'definitions':
      for (const [term, value] of block.items) {
        doc.font('B').fontSize(10).text(`${term}: `, { continued: true }).font('R').text(value);
      }
      doc.moveDown(0.3);
      break;
    case 'table':
      if (block.rows.length === 0) {
        doc.font('R').fontSize(10).text('—').moveDown(0.3);
        break;
      }
      doc.font('R').fontSize(tableFontSize(block.headers.length));
      doc.table({
        rowStyles: (row) => (row === 0 ? { font: { src: 'B' }, backgroundColor: '#f0f0f0' } : undefined),
        data: [[...block.headers], ...block.rows.map((row) => [...row])],
      });
      doc.moveDown(0.3);
      break;
  }
};

/** The document as an A4 PDF in PT Sans (Cyrillic, №, «»). */
export const renderPrintablePdf = (printable: Printable): Promise<Buffer> =>
  renderPdf(printable.title, (doc) => {
    for (const block of printable.blocks) drawBlock(doc, block);
  });
