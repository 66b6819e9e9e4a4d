import PDFDocument from 'pdfkit';
import { fontOf } from './fonts.ts';
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

/** The document as an A4 PDF in PT Sans (Cyrillic, №, «»); deterministic (no creation time). */
export const renderPrintablePdf = (printable: Printable): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 40, info: { Title: printable.title, CreationDate: new Date(0) } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.registerFont('R', fontOf('400Regular/PTSans_400Regular.ttf'));
    doc.registerFont('B', fontOf('700Bold/PTSans_700Bold.ttf'));
    for (const block of printable.blocks) drawBlock(doc, block);
    doc.end();
  });
