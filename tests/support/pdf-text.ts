import { extractText, getDocumentProxy } from 'unpdf';

/** The text of a PDF as a reader's copy-paste gives it, whitespace folded to single spaces. */
export const pdfText = async (bytes: ArrayBuffer | Buffer): Promise<string> => {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
  return text.replace(/\s+/g, ' ');
};
