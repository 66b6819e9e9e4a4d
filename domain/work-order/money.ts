// ───────────────────────────── Money of a work order ─────────────────────────────
// Every amount is an integer number of kopecks; quantities are integer thousandths (1.5 l of oil
// is 1500), so a sum never meets a binary fraction. Prices are what the client pays, VAT included.

export const vatModes = ['none', 'usn5', 'usn7', 'general22'] as const;
export type VatMode = (typeof vatModes)[number];

/** The rate each mode charges (425-FZ: 22 % general rate from 2026; 5 % / 7 % for the simplified system). */
export const vatRates: Readonly<Record<VatMode, number>> = { none: 0, usn5: 5, usn7: 7, general22: 22 };

export const lineKinds = ['work', 'part'] as const;
export type LineKind = (typeof lineKinds)[number];

/** How a work's unit price came about: the catalogue's fixed price, or the branch's rate per norm-hour. */
export const workPricings = ['fixed', 'hourly'] as const;
export type WorkPricing = (typeof workPricings)[number];

export type OrderLine = {
  lineId: string;
  kind: LineKind;
  name: string;
  /** The catalogue service a work comes from; null for a part. */
  serviceId: string | null;
  pricing: WorkPricing | null;
  /** A part's article number and manufacturer, as the rules ask a work order to name them. */
  article: string | null;
  manufacturer: string | null;
  /** Thousandths of a unit (pieces, litres, norm-hours). */
  quantityMilli: number;
  unitPriceKopecks: number;
  discountPercent: number;
};

/** Limits that keep `unitPrice × quantity` an exact integer in a double (below 2^53). */
/**
 * `maxLines`: a station's longest real order has a few dozen lines; its PDF is drawn on the server's
 * own thread (about a second per hundred lines on two cores), so an order is held to a hundred.
 */
export const lineLimits = { maxQuantityMilli: 1_000_000, maxUnitPriceKopecks: 1_000_000_000, maxLines: 100 } as const;

/** A line before its discount: price × quantity, rounded to the kopeck. */
export const grossOf = (line: Pick<OrderLine, 'quantityMilli' | 'unitPriceKopecks'>): number =>
  Math.round((line.unitPriceKopecks * line.quantityMilli) / 1000);

export const discountOf = (line: OrderLine): number => Math.round((grossOf(line) * line.discountPercent) / 100);

/** What the client pays for a line. */
export const amountOf = (line: OrderLine): number => grossOf(line) - discountOf(line);

export type Totals = {
  works: number;
  parts: number;
  discount: number;
  /** What the price was lowered by after payment (a refund that lowers it); already taken off `total`. */
  lowered: number;
  total: number;
  /** The VAT inside `total` (prices include it); 0 without VAT. */
  vat: number;
};

export const totalsOf = (lines: readonly OrderLine[], vatMode: VatMode, lowered = 0): Totals => {
  const sum = (kind: LineKind) => lines.filter((line) => line.kind === kind).reduce((acc, line) => acc + amountOf(line), 0);
  const works = sum('work');
  const parts = sum('part');
  const total = works + parts - lowered;
  const rate = vatRates[vatMode];
  return {
    works,
    parts,
    discount: lines.reduce((acc, line) => acc + discountOf(line), 0),
    lowered,
    total,
    vat: Math.round((total * rate) / (100 + rate)),
  };
};

/**
 * Roubles as a Russian bill writes them: «3 195,45 ₽», with no-break spaces (messengers keep them, and
 * PT Sans in the PDFs lacks U+202F).
 */
export const roubles = (kopecks: number): string =>
  new Intl.NumberFormat('ru-RU', { style: 'currency', currency: 'RUB' }).format(kopecks / 100).replace(/\u202f/g, '\u00a0');

/** «1,5» for 1500 thousandths. */
export const quantity = (milli: number): string =>
  new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 3 }).format(milli / 1000);
