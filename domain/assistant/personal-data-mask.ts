// What a client types may carry personal data: their name, phone, e-mail, plate or VIN. None of it
// may leave for an outside model, so each is replaced by a placeholder that still reads as what
// it was («[телефон]»), which keeps the question answerable («можно ли записать [госномер]?»).

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu;
/** Seven or more digits with the separators people type between them: phones, passports, cards. */
const DIGIT_RUN = /\+?\d(?:[\s().-]{0,3}\d){6,}/g;
/** A Russian plate, Cyrillic or its Latin look-alikes, spaced or not, with an optional region. */
const PLATE =
  /(?<![\p{L}\p{N}])[АВЕКМНОРСТУХABEKMHOPCTYX]\s?\d{3}\s?[АВЕКМНОРСТУХABEKMHOPCTYX]{2}(?:\s?\d{2,3})?(?![\p{L}\p{N}])/giu;
/** A VIN: 17 letters and digits without I, O and Q, at least one of them a digit. */
const VIN = /(?<![\p{L}\p{N}])(?=[A-HJ-NPR-Z]*\d)[A-HJ-NPR-Z0-9]{17}(?![\p{L}\p{N}])/giu;

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * `text` with e-mails, long digit runs, plates, VINs and the words of `known` (the client's own
 * name as the station and the messenger have it) replaced by placeholders.
 */
export const maskPersonalData = (text: string, known: readonly string[]): string => {
  let masked = text.replace(EMAIL, '[e-mail]').replace(VIN, '[VIN]').replace(PLATE, '[госномер]').replace(DIGIT_RUN, '[номер]');
  const words = known
    .flatMap((name) => name.split(/[\s,.]+/))
    .filter((word) => word.length >= 2)
    .sort((a, b) => b.length - a.length);
  for (const word of new Set(words)) {
    masked = masked.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escape(word)}[\\p{L}]{0,3}(?![\\p{L}\\p{N}])`, 'giu'), '[имя]');
  }
  return masked;
};
