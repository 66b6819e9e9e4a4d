import type { Service } from './catalog.ts';

// ───────────────────────────── Ready catalogues by kind of station ─────────────────────────────
// A new station starts from the bays and services typical of its kind and edits from there. A
// template only adds what the branch lacks: services it has under no name yet, and bays for kinds
// of work no bay of the branch does. Applying it again, or after the owner renamed, repriced or
// switched off something, changes nothing the owner made.

export const stationKinds = ['general', 'tyres', 'body', 'detailing'] as const;
export type StationKind = (typeof stationKinds)[number];

export type TemplateBay = { readonly name: string; readonly kinds: readonly string[] };

/** A service as a template holds it: the catalogue's own fields, before it belongs to a branch. */
export type TemplateService = Omit<Service, 'id' | 'branchId'>;

export type StationTemplate = { readonly bays: readonly TemplateBay[]; readonly services: readonly TemplateService[] };

const service = (
  name: string,
  durationMinutes: number,
  bufferMinutes: number,
  bayKind: string,
  priceRub: number,
  multiDay = false,
): TemplateService => ({ name, durationMinutes, bufferMinutes, bayKind, priceRub, multiDay });

// Durations and prices are what a small Russian station of the kind typically charges and plans;
// buffers are the time the bay is really unavailable after a job (lift reset, cleaning, drying).
export const stationTemplates: Record<StationKind, StationTemplate> = {
  general: {
    bays: [
      { name: 'Подъёмник 1', kinds: ['lift'] },
      { name: 'Подъёмник 2', kinds: ['lift'] },
      { name: 'Пост диагностики', kinds: ['diagnostics', 'electrics'] },
      { name: 'Стенд развал-схождения', kinds: ['alignment'] },
    ],
    services: [
      service('Замена масла', 45, 15, 'lift', 1500),
      service('Компьютерная диагностика', 30, 0, 'diagnostics', 1200),
      service('Диагностика ходовой', 30, 0, 'lift', 1000),
      service('Замена тормозных колодок', 60, 10, 'lift', 2000),
      service('Развал-схождение', 60, 10, 'alignment', 2500),
      service('Замена ремня ГРМ', 240, 15, 'lift', 9000),
      service('Ремонт электрики', 90, 0, 'electrics', 2500),
    ],
  },
  tyres: {
    bays: [
      { name: 'Шиномонтаж 1', kinds: ['tyre'] },
      { name: 'Шиномонтаж 2', kinds: ['tyre'] },
      { name: 'Стенд развал-схождения', kinds: ['alignment'] },
    ],
    services: [
      service('Сезонная замена шин (4 колеса)', 40, 10, 'tyre', 2400),
      service('Балансировка (4 колеса)', 30, 5, 'tyre', 1200),
      service('Ремонт прокола', 20, 5, 'tyre', 600),
      service('Шиномонтаж R18 и больше', 60, 10, 'tyre', 4000),
      service('Развал-схождение', 60, 10, 'alignment', 2500),
    ],
  },
  body: {
    bays: [
      { name: 'Кузовной пост', kinds: ['body'] },
      { name: 'Стапель', kinds: ['body'] },
      { name: 'Покрасочная камера', kinds: ['paint'] },
    ],
    services: [
      service('Осмотр и оценка повреждений', 30, 0, 'body', 0),
      service('Удаление вмятин без покраски', 120, 0, 'body', 5000),
      service('Покраска элемента', 480, 60, 'paint', 15000, true),
      service('Кузовной ремонт', 960, 0, 'body', 30000, true),
      service('Полировка кузова', 240, 0, 'body', 8000),
    ],
  },
  detailing: {
    bays: [
      { name: 'Мойка', kinds: ['wash'] },
      { name: 'Бокс детейлинга', kinds: ['wash', 'paint'] },
    ],
    services: [
      service('Комплексная мойка', 60, 15, 'wash', 1500),
      service('Химчистка салона', 240, 30, 'wash', 9000),
      service('Полировка кузова', 360, 30, 'paint', 12000),
      service('Керамическое покрытие', 480, 60, 'paint', 25000, true),
    ],
  },
};

const sameName = (a: string, b: string) => a.trim().toLocaleLowerCase('ru') === b.trim().toLocaleLowerCase('ru');

/**
 * What applying a template to a branch adds. Services: the template's the branch has under no name
 * yet (a switched-off one counts as present, so what the owner turned off stays off). Bays: all of
 * them into a branch with none; otherwise only a bay doing a kind of work no bay does yet, so the
 * owner's own bays (renamed or not) are never doubled and every added service has a bay.
 */
export const templateAdditions = (
  template: StationTemplate,
  branch: { readonly bays: readonly TemplateBay[]; readonly serviceNames: readonly string[] },
): StationTemplate => {
  const fresh = branch.bays.length === 0;
  const covered = new Set(branch.bays.flatMap((bay) => bay.kinds));
  const bays: TemplateBay[] = [];
  for (const bay of template.bays) {
    const named = branch.bays.some((one) => sameName(one.name, bay.name));
    if (named || (!fresh && bay.kinds.every((kind) => covered.has(kind)))) continue;
    bays.push(bay);
    for (const kind of bay.kinds) covered.add(kind);
  }
  return {
    bays,
    services: template.services.filter((one) => !branch.serviceNames.some((name) => sameName(name, one.name))),
  };
};
