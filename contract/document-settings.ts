import { executorLimits } from '../domain/work-order/executor.ts';
import { vatModes } from '../domain/work-order/money.ts';
import { MAX_HOURLY_RATE_KOPECKS } from '../domain/work-order/rates.ts';
import { list, nullableInteger, nullableText, obj, orNull, patchOf, text, uuid, type Shape } from './shared.ts';

// ---- /api/settings/documents: what work orders price and print with (the owner's).
const vatMode = { type: 'string', enum: vatModes } as const;
const rateIn = { type: ['integer', 'null'], minimum: 1, maximum: MAX_HOURLY_RATE_KOPECKS } as const;
const optionalLine = (max: number) => ({ type: ['string', 'null'], maxLength: max }) as const;

export const executor = obj({
  legalName: text,
  inn: nullableText,
  ogrn: nullableText,
  legalAddress: nullableText,
  phone: nullableText,
});

export const documentSettings = obj({
  vatMode,
  executor: orNull(executor),
  branches: list(obj({ branchId: uuid, name: text, hourlyRateKopecks: nullableInteger })),
});
export type DocumentSettingsView = Shape<typeof documentSettings>;

export const documentSettingsBody = patchOf({
  vatMode,
  executor: obj(
    {
      legalName: { type: 'string', minLength: 1, maxLength: executorLimits.legalName },
      // Typed with spaces or without; the domain checks the digits.
      inn: optionalLine(20),
      ogrn: optionalLine(20),
      legalAddress: optionalLine(executorLimits.legalAddress),
      phone: optionalLine(executorLimits.phone),
    },
    ['legalName'],
  ),
  rates: { type: 'array', maxItems: 50, items: obj({ branchId: uuid, hourlyRateKopecks: rateIn }) },
});
export type DocumentSettingsBody = Shape<typeof documentSettingsBody>;
