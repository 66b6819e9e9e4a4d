// ───────────────────────────── What a typed message asks for ─────────────────────────────
// Clients type instead of tapping: «хочу записаться на замену масла», «до скольки вы сегодня?».
// A message the rules below recognise is answered by the bot (the booking wizard, the client's
// bookings, the branch's hours, the price list); anything else — a question about the car, a
// complaint, thanks — goes to a manager, as before. Only clear phrasings are taken: a wrong guess
// costs a client more than a manager's answer a few minutes later.

import { normalizeTyped } from '../domain/shared/typed-words.ts';

export const intents = ['privacy', 'book', 'mine', 'cancel', 'move', 'address', 'phone', 'hours', 'prices'] as const;
export type Intent = (typeof intents)[number];

/**
 * JavaScript's \b and \w know only Latin letters: in these rules \b stands for the edge of a word in
 * the normalised text (words are separated by single spaces) and \w for a letter of either alphabet.
 */
const cyrillic = (pattern: RegExp): RegExp =>
  new RegExp(pattern.source.replaceAll('\\b', '(?:(?<=^| )|(?= |$))').replaceAll('\\w', '[a-zа-я0-9]'));

/**
 * Signs a client is talking about the state of their car or the station's work, which only a
 * manager can answer, however much else in the message looks like a request.
 */
const forManager = (
  [
    /\b(спасибо|благодар)/,
    /\bготов[аоы]?\b/,
    /\bсделали\b/,
    /\bв наличии\b|\bесть ли\b.*\b(деталь|запчаст|колодк|фильтр|масл|шин|диск)/,
    /\bперезвон/,
    /\bвидео|\bфото/,
    /\bжалоб|\bпретензи/,
    /\bждать\b|\bжду\b/,
  ] as const
).map(cyrillic);

/**
 * The rules in the order they are tried: the client's data first (a right the bot itself acts on,
 * 152-FZ), a change of a booking before a new one, since both say «запись».
 */
// Whole verb forms and nouns, not stems: «сотрудник», «удалось», «отзыв» (a review) and
// «согласуйте» are everyday words that must still reach the manager.
const ERASE = String.raw`(удали|удалите|удалить|удаляйте|сотри|сотрите|стереть|уничтожьте|уничтожить)`;
const DATA = String.raw`(данные|данных|персональн\w*|информацию обо? мне)`;
const WITHDRAW = String.raw`(отзываю|отозвать|отзовите|отзову|отозвал\w*)`;
const CONSENT = String.raw`(согласие|согласия|согласию|согласии)`;

const written: readonly (readonly [Intent, readonly RegExp[]])[] = [
  [
    'privacy',
    [
      new RegExp(String.raw`\b${ERASE}\b.*\b${DATA}\b`),
      new RegExp(String.raw`\b${DATA}\b.*\b${ERASE}\b`),
      new RegExp(String.raw`\b${WITHDRAW}\b.*\b${CONSENT}\b|\b${CONSENT}\b.*\b${WITHDRAW}\b`),
      /\b(delete|erase|remove)\b.*\b(data|account)\b|\bwithdraw\b.*\bconsent/,
    ],
  ],
  [
    'cancel',
    [
      // «Отмените замену фильтра» during a repair changes the work: that is for a manager.
      /\bотмен\w*\b.*\b(запис|визит|приезд|меня\b|все\b|всю\b)|\b(запис|визит)\w*\b.*\bотмен|^отмен\w*$/,
      /\bне (смогу|получится|успею) (приехать|подъехать|прийти|заехать)/,
      /\bне приеду\b/,
      /\bне буду\b.*\bзапис/,
      /\bзапис\w*\b.*\bне нужн|\bсним\w*\b.*\bс запис/,
    ],
  ],
  [
    'move',
    [
      /\bперенес|\bперенос|\bпереназнач|\bпередвин|\bсдвин|\bперезапиш|\bперекин/,
      /\b(поменять|изменить|сменить)\b.*\b(время|день|дату|запись)/,
      /\bна другой (день|час|время)|\bна другое время/,
      /\bпопозже\b.*\bзапис|\bзапис.*\bпопозже/,
    ],
  ],
  [
    'mine',
    [
      /\bмо[ия] запис/,
      /\b(когда|на когда|во сколько|на сколько|куда|на что)\b.*\bзаписан|\bзаписан\b.*\b(когда|на когда|во сколько|или нет)/,
      /\bзаписыв\w*\b.*\bна когда\b/,
      /\bу меня\b.*\bзапис/,
      /\bна какое (время|число)\b.*\bзапис/,
      /\bзаписан[аы]? ли я\b/,
      /\bво сколько мне\b.*\b(подъезжать|приезжать|подъехать|приехать)/,
    ],
  ],
  [
    'book',
    [
      /\bзапиш|\bзаписат|\bзаписыв/,
      /\b(хочу|хотел[аи]?|хотим|надо|нужно|можно|могу)\b.*\b(приехать|подъехать|заехать|пригнать|записаться|на то|на шиномонтаж|переобуться|поменять масло|замен)/,
      /\bсвободн(ое|ые|ый)\b.*\b(время|окн|мест|слот)|\bокошк|\bесть (ли )?(место|время|окно)/,
      /\bсвободн(о|а|ы)\b/,
      /\bкогда (можно |мне )?(приехать|подъехать|заехать)/,
    ],
  ],
  [
    'address',
    [
      /\bадрес/,
      /\bгде (вы|вас|находит|это|ваш)|\bгде\b.*\b(расположен|находит)/,
      /\bкак (к вам )?(доехать|добраться|проехать|найти)/,
      /\bгеолокац|\bна карте\b|\bзаезд\b|\bвъезд\b/,
    ],
  ],
  [
    'phone',
    [
      /\b(ваш|какой|дайте|скажите|подскажите|нужен|напишите)\b.*\b(телефон|номер)\b.*\b(для связи|станци|сервис|ваш|у вас)|\b(ваш|какой у вас|дайте|скажите|подскажите)\b.*\bтелефон/,
      /\bпо какому (телефону|номеру)\b.*\b(звонить|позвонить|связаться)/,
      /\b(можно|как|куда)\b.*\b(позвонить|дозвониться)\b/,
      /\bномер (телефона )?(станции|сервиса|для связи)\b/,
    ],
  ],
  [
    'hours',
    [
      /\bдо скольки\b|\bдо какого часа\b|\bсо скольки\b|\bс какого часа\b/,
      /\bво сколько\b.*\b(открыва|закрыва|работа|начина|заканчива)/,
      /\b(часы|режим|график|время) работы\b/,
      /\b(вы )?работаете\b/,
      /\bоткрыт(ы|о)\b/,
    ],
  ],
  [
    'prices',
    [
      /\bсколько (\w+ )?стои|\bпо чем\b|\bпочем\b/,
      /\bцен[аыу]\b|\bценник|\bстоимост|\bпрайс|\bрасценк/,
      /\bсколько (будет|выйдет|берете|возьмете)|\bобойдет/,
    ],
  ],
];

const rules = written.map(([intent, patterns]) => [intent, patterns.map(cyrillic)] as const);

/** Words of a need or a wish: «масло менять пора», «надо переобуть машину», «ходовку продиагностировать хочу». */
const need = cyrillic(/\b(надо|нужно|нужна|нужен|хочу|хотим|хотел\w*|пора|бы|запиши|запишите)\b/);

/** Words about a booking already made: «отказаться от записи», «договорились на понедельник». */
const aboutBooking = cyrillic(/\b(отмен|отказ|перенес|перенос|договорил)/);

/** True when the message speaks of a booking already made, which no new booking answers. */
export const isAboutBooking = (typed: string): boolean => aboutBooking.test(normalizeTyped(typed));

/** True when the message says the client needs or wants something (of a job it names, a booking). */
export const saysNeed = (typed: string): boolean => need.test(normalizeTyped(typed));

/** True when the message shows a sign that only a manager can answer it (the car's state, thanks, a complaint). */
export const isForManager = (typed: string): boolean => forManager.some((sign) => sign.test(normalizeTyped(typed)));

/** What a typed message asks for, or null when it is for a manager (or not clear enough to guess). */
export const intentOf = (typed: string): Intent | null => {
  const text = normalizeTyped(typed);
  if (text.length < 2 || isForManager(typed)) return null;
  for (const [intent, patterns] of rules) if (patterns.some((pattern) => pattern.test(text))) return intent;
  return null;
};

/**
 * Words no car's make or model has: pronouns, question words, requests and greetings. A text with
 * one of them, a question mark, or a request the rules above know («а сколько это стоит?», «где вы
 * находитесь», «удалите мои данные») is the client asking or telling something, not naming a car.
 */
const notCarWords = cyrillic(
  /\b(я|мне|меня|мой|моя|мое|мои|мою|моих|вы|вас|вам|ваш\w*|где|когда|как|какой|какая|сколько|почему|зачем|что|кто|можно|хочу|хотел\w*|нужно|надо|удали\w*|удален\w*|отмени\w*|пожалуйста|спасибо|здравствуйте|привет|добрый|это|данн\w*|менеджер\w*|оператор\w*)\b/,
);

/** True when a text typed for the car is a question or a request instead (see notCarWords). */
export const isNotACar = (typed: string): boolean =>
  typed.includes('?') || intentOf(typed) !== null || isForManager(typed) || notCarWords.test(normalizeTyped(typed));

/** A short thanks or agreement («спасибо», «ок, понял», «👍»): nothing to answer but a «пожалуйста». */
const thanksWords = cyrillic(
  /^(спасибо|спс|благодарю|благодарим|ок|окей|ok|хорошо|понял|поняла|поняли|ясно|договорились|отлично|супер)( (большое|огромное|вам|все|понятно|понял|поняла|хорошо|спасибо|ок))*$/,
);
const THANKS_EMOJI = /^[\s\u{1F44D}\u{1F64F}\u{1F44C}\u{1F60A}\u{2764}\u{FE0F}\u{263A}\u{1F642}]+$/u;

export const isThanks = (typed: string): boolean => THANKS_EMOJI.test(typed) || thanksWords.test(normalizeTyped(typed));

/** «не знаю», «нет», «не помню» typed at the plate question: the client has no plate to give. */
const noPlateWords = cyrillic(
  /^(нет|не знаю|не помню|без номера|без госномера|пропустить|потом|no|skip|later|i don t know|dont know|don t know)$/,
);

export const saysNoPlate = (typed: string): boolean => noPlateWords.test(normalizeTyped(typed));
