import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

// PT Sans (OFL-1.1, ParaType) was drawn for Russian: ₽, №, «», Ё. The file is resolved, not imported
// (the package's index is for React Native).
const fontOf = (file: string) => createRequire(import.meta.url).resolve(`@expo-google-fonts/pt-sans/${file}`);

/**
 * An A4 PDF drawn by `draw` with PT Sans registered as 'R' (regular) and 'B' (bold); deterministic
 * (no creation time), so the same content gives the same bytes.
 */
export const renderPdf = (title: string, draw: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 40, info: { Title: title, CreationDate: new Date(0) } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.registerFont('R', fontOf('400Regular/PTSans_400Regular.ttf'));
    doc.registerFont('B', fontOf('700Bold/PTSans_700Bold.ttf'));
    draw(doc);
    doc.end();
  });
