import { constants, crc32, deflateRawSync } from 'node:zlib';

// Workbooks built byte by byte for the importer's tests, hostile ones included: any part name, any
// declared size, and parts far larger unpacked than anything this process ever holds.

/** One zip entry's packed bytes and what its directory says about them. */
export type Packed = { bytes: Uint8Array; size: number; crc: number };

export const pack = (data: string | Uint8Array): Packed => {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  return { bytes: deflateRawSync(bytes, { level: 9 }), size: bytes.length, crc: crc32(bytes) };
};

/**
 * `head`, `times` × `body`, `tail` as one deflated part, without ever holding it unpacked: each
 * piece is deflated on its own and ended with a full flush (byte-aligned, no final block), and
 * deflate streams so flushed follow one another as one stream. 1 MB of repetitive XML packs into
 * about 1 KB, so 1.5 GB of shared strings is a part of about 1.5 MB.
 */
export const packRepeated = (head: string, body: string, times: number, tail: string): Packed => {
  const flushed = (text: string) => deflateRawSync(Buffer.from(text), { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const bodyBytes = Buffer.from(body);
  const packedBody = flushed(body);
  const parts = [flushed(head), ...Array.from({ length: times }, () => packedBody), deflateRawSync(Buffer.from(tail))];
  let crc = crc32(head);
  for (let i = 0; i < times; i++) crc = crc32(bodyBytes, crc);
  crc = crc32(tail, crc);
  return { bytes: Buffer.concat(parts), size: Buffer.byteLength(head) + bodyBytes.length * times + Buffer.byteLength(tail), crc };
};

export type ZipPart = {
  name: string;
  packed: Packed;
  /** What the directory says it unpacks to, when it lies. */
  declaredSize?: number;
  /** General-purpose flags; bit 0 says the part is encrypted. */
  flags?: number;
};

/** A zip with local headers, a central directory and its end record, every part deflated. */
export const zipOf = (parts: ZipPart[]): Buffer => {
  const locals: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name);
    const size = part.declaredSize ?? part.packed.size;
    // The central directory repeats the local header's fields, two bytes further on (after "version made by").
    const entryFields = (header: Buffer, at: number) => {
      header.writeUInt16LE(20, at);
      header.writeUInt16LE(0x0800 | (part.flags ?? 0), at + 2);
      header.writeUInt16LE(8, at + 4);
      header.writeUInt32LE(part.packed.crc >>> 0, at + 10);
      header.writeUInt32LE(part.packed.bytes.length, at + 14);
      header.writeUInt32LE(size, at + 18);
      header.writeUInt16LE(name.length, at + 22);
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    entryFields(local, 4);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    entryFields(central, 6);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, Buffer.from(part.packed.bytes));
    directory.push(central, name);
    offset += local.length + name.length + part.packed.bytes.length;
  }
  const directoryBytes = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directoryBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directoryBytes, end]);
};

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const DOC = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const columnName = (index: number): string =>
  index < 26 ? String.fromCharCode(65 + index) : columnName(Math.floor(index / 26) - 1) + String.fromCharCode(65 + (index % 26));

/** Sheet XML with inline strings and numbers; `null` leaves a cell out. */
export const sheetXml = (rows: (string | number | null)[][]): string =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="${MAIN}"><sheetData>${rows
    .map(
      (cells, r) =>
        `<row r="${r + 1}">${cells
          .map((cell, c) => {
            if (cell === null) return '';
            const ref = `${columnName(c)}${r + 1}`;
            return typeof cell === 'number'
              ? `<c r="${ref}"><v>${cell}</v></c>`
              : `<c r="${ref}" t="inlineStr"><is><t>${escape(cell)}</t></is></c>`;
          })
          .join('')}</row>`,
    )
    .join('')}</sheetData></worksheet>`;

export const sharedStringsHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="${MAIN}">`;

/**
 * The parts of a one-sheet workbook as Excel lays them out; `sheet` and `sharedStrings` (XML, or
 * already packed) replace the defaults, `extra` parts are added as they are.
 */
export const workbookParts = (
  options: { sheet?: string | Packed; sharedStrings?: string | Packed; sharedStringsSize?: number; extra?: ZipPart[] } = {},
): ZipPart[] => {
  const packedOf = (value: string | Packed) => (typeof value === 'string' ? pack(value) : value);
  const sheet =
    options.sheet ??
    sheetXml([
      ['ФИО', 'Телефон'],
      ['Иванов Иван', '+79161234567'],
    ]);
  return [
    {
      name: '[Content_Types].xml',
      packed: pack(
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
      ),
    },
    {
      name: '_rels/.rels',
      packed: pack(
        `<Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="${DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      ),
    },
    {
      name: 'xl/workbook.xml',
      packed: pack(
        `<workbook xmlns="${MAIN}" xmlns:r="${DOC}"><sheets><sheet name="Клиенты" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      packed: pack(
        `<Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="${DOC}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${DOC}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
      ),
    },
    { name: 'xl/worksheets/sheet1.xml', packed: packedOf(sheet) },
    {
      name: 'xl/sharedStrings.xml',
      packed: packedOf(options.sharedStrings ?? `${sharedStringsHead}</sst>`),
      ...(options.sharedStringsSize === undefined ? {} : { declaredSize: options.sharedStringsSize }),
    },
    ...(options.extra ?? []),
  ];
};

/** The zip bomb of issue 11: a sheet whose one cell points into 1.5 GB of shared strings, about 1.5 MB packed. */
export const sharedStringsBomb = (options: { declaredSize?: number; megabytes?: number } = {}): Buffer => {
  const body = '<si><t>lol</t></si>'.repeat(Math.ceil((1024 * 1024) / 19));
  const strings = packRepeated(sharedStringsHead, body, options.megabytes ?? 1536, '</sst>');
  const sheet = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="${MAIN}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>`;
  return zipOf(workbookParts({ sheet, sharedStrings: strings, sharedStringsSize: options.declaredSize }));
};
