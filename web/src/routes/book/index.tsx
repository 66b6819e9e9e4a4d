import { $, component$, useContext, useStore, useTask$, useVisibleTask$ } from '@builder.io/qwik';
import { isServer } from '@builder.io/qwik/build';
import type {
  CodeSent,
  PrivacyRequested,
  PublicChallenge,
  PublicFreeTimes,
  PublicStation,
  SignedIn,
  WebBooked,
  WebClientBookingsView,
  WebClientView,
} from '../../../../contract/web-booking';
import { DayStrip } from '../../components/day-strip';
import { LangContext, usePageTexts } from '../../i18n';
import { api, ApiError } from '../../lib/api';
import { keepSignIn, newAttemptKey, pageQuery, savedSignIn } from '../../lib/client-sign-in';
import { addDays, dateIn, todayIn } from '../../lib/tz';
import { dateTimeWords, dayWords, durationWords, phoneWords, telHref, timeWords } from '../../lib/words';
import { takeShown } from '../../lib/shown-fields';
import { bookTexts } from '../../texts/book';
import '../../components/booking-steps.css';
import './book.css';

/** A horizon longer than two months is still offered two months ahead: a strip a thumb can scroll. */
const MAX_DAYS_SHOWN = 62;

type Offer = { start: string };

/** Which free times the state asks for: the branch, the day and the services. */
const timesQuestion = (s: Pick<BookState, 'branchId' | 'date' | 'serviceIds'>) =>
  `${s.branchId}|${s.date}|${s.serviceIds.join(',')}`;

type BookState = {
  station: PublicStation | null;
  missing: boolean;
  branchId: string;
  serviceIds: string[];
  date: string;
  /** Free times with the question they answer (branch, day, services): another day's never show. */
  times: { question: string; starts: string[] } | null;
  /** Why the free times did not load: no answer, or too many asks from this address (429). */
  timesFailed: '' | 'network' | 'busy';
  /** The client chose a day (or the page moved on once): the day stays as it is. */
  dayPicked: boolean;
  /** The field the last refusal named (aria-invalid on its input), or ''. */
  invalid: string;
  start: string;
  me: WebClientView | null;
  token: string;
  name: string;
  phone: string;
  consent: boolean;
  requestId: string;
  sentBy: string;
  code: string;
  make: string;
  model: string;
  plate: string;
  comment: string;
  busy: string;
  error: string;
  offers: Offer[];
  booked: { when: string; services: string; place: string; ready: string | null } | null;
  /** The Idempotency-Key of the booking being asked for; '' between bookings. */
  attemptKey: string;
  mine: WebClientBookingsView['bookings'];
  confirmCancel: string;
  notice: string;
};

/** The address's lead-source tags: UTM of an advert or a link's `ref` (a QR at the counter, the site's button). */
const sourceOf = (search: URLSearchParams) => {
  const utm = {
    ...(search.get('utm_source') ? { source: search.get('utm_source')!.slice(0, 200) } : {}),
    ...(search.get('utm_medium') ? { medium: search.get('utm_medium')!.slice(0, 200) } : {}),
    ...(search.get('utm_campaign') ? { campaign: search.get('utm_campaign')!.slice(0, 200) } : {}),
  };
  const ref = search.get('ref')?.slice(0, 200);
  return { ...(Object.keys(utm).length > 0 ? { utm } : {}), ...(ref ? { ref } : {}) };
};

const problemCode = (error: unknown) => (error instanceof ApiError ? error.code : 'UNKNOWN');

/** The first day from `from` (today by default) the branch works, within what the page shows. */
const firstOpenDay = (station: PublicStation, from = todayIn(station.branch.timeZone)): string => {
  const last = addDays(todayIn(station.branch.timeZone), daysShown(station) - 1);
  for (let date = from; date <= last; date = addDays(date, 1)) {
    if (!station.branch.closedDays.includes(date)) return date;
  }
  return from;
};

/** Days the page offers: the branch's whole horizon, today included. */
const daysShown = (station: PublicStation) => Math.min(MAX_DAYS_SHOWN, station.branch.bookingHorizonDays + 1);

/** The car's fields the page asks for, with the lengths the rules allow. */
const CAR_FIELDS = [
  ['make', 60],
  ['model', 60],
  ['plate', 20],
] as const;

/** The station's number inside a sentence: kept on one line. */
const phoneInText = (phone: string) => phoneWords(phone).replace(/ /g, '\u00a0').replace(/-/g, '\u2011');

/** Refusals whose way out is a call to the station: the page adds its number. */
const CALL_US = new Set([
  'TOO_SOON',
  'CODE_NOT_SENT',
  'SMS_ONLY_TO_MOBILE',
  'TOO_MANY_CODES',
  'TOO_LATE_TO_CANCEL',
  'TOO_MANY_OPEN_BOOKINGS',
  'UNKNOWN',
]);

/**
 * The station's public booking page (no login), also framed on the station's own site: services →
 * day → free time → name, phone and consent → a one-time code → booked; then the client's own
 * bookings with cancel, and the consent's withdrawal. Times are the branch's wall clock.
 */
export default component$(() => {
  const lang = useContext(LangContext);
  const t = usePageTexts(bookTexts);
  const s = useStore<BookState>({
    station: null,
    missing: false,
    branchId: '',
    serviceIds: [],
    date: '',
    times: null,
    timesFailed: '',
    dayPicked: false,
    invalid: '',
    start: '',
    me: null,
    token: '',
    name: '',
    phone: '',
    consent: false,
    requestId: '',
    sentBy: '',
    code: '',
    make: '',
    model: '',
    plate: '',
    comment: '',
    busy: '',
    error: '',
    offers: [],
    booked: null,
    attemptKey: '',
    mine: [],
    confirmCancel: '',
    notice: '',
  });

  const withToken = $(() => ({ 'x-client-token': s.token }));

  const loadMine = $(async () => {
    if (!s.token) return;
    try {
      s.mine = (await api<WebClientBookingsView>('/api/public/bookings', { headers: await withToken() })).bookings;
    } catch {
      s.mine = [];
    }
  });

  const loadStation = $(async (branchId: string) => {
    try {
      const query = new URLSearchParams({ lang: lang.value, ...(branchId ? { branchId } : {}) });
      s.station = await api<PublicStation>(`/api/public/booking/station?${query}`);
      s.branchId = s.station.branch.id;
      s.date ||= firstOpenDay(s.station);
    } catch {
      s.missing = true;
    }
  });

  useVisibleTask$(
    async () => {
      const search = pageQuery(window.location.search);
      await loadStation(search.get('branch') ?? '');
      const saved = savedSignIn();
      if (!saved) return;
      try {
        s.me = await api<WebClientView>('/api/public/me', { headers: { 'x-client-token': saved } });
        s.token = saved;
        await loadMine();
      } catch (error) {
        // Only a token the server refuses is forgotten: an outage or a blip keeps the sign-in (a new code costs an SMS).
        if (error instanceof ApiError && error.status === 401) keepSignIn(null);
        else s.error = t.meFailed;
      }
    },
    { strategy: 'document-ready' },
  );

  // Free times follow the services, the day and the branch.
  useTask$(async ({ track, cleanup }) => {
    const services = track(() => s.serviceIds.join(','));
    const date = track(() => s.date);
    const branchId = track(() => s.branchId);
    if (isServer) return;
    s.timesFailed = '';
    if (!services || !date || !branchId) return;
    const asked = timesQuestion(s);
    let stale = false;
    cleanup(() => (stale = true));
    try {
      const found = await api<PublicFreeTimes>(
        `/api/public/booking/free-times?branchId=${branchId}&serviceIds=${services}&date=${date}`,
      );
      if (stale) return;
      s.times = { question: asked, starts: found.starts };
      // Opened in the evening, today has nothing left: the page moves on to the next working day by itself, once.
      if (found.starts.length === 0 && !s.dayPicked && s.station && date === todayIn(s.station.branch.timeZone)) {
        s.dayPicked = true;
        s.date = firstOpenDay(s.station, addDays(date, 1));
      }
    } catch (error) {
      if (!stale) s.timesFailed = error instanceof ApiError && error.status === 429 ? 'busy' : 'network';
    }
  });

  const fail = $((error: unknown) => {
    const code = problemCode(error);
    const body = error instanceof ApiError ? error.body : null;
    const field = typeof body?.field === 'string' ? body.field : '';
    s.invalid = code === 'VALIDATION' ? field : code === 'CODE_WRONG' ? 'code' : code === 'SMS_ONLY_TO_MOBILE' ? 'phone' : '';
    // The refusal says what to fix where the server named it: the phone, the plate, tries left for the code.
    const refusal =
      (code === 'VALIDATION' ? t.fieldErrors[field] : undefined) ??
      // Without an SMS gateway «try later» never works: say who gets a code and how else to book.
      (code === 'CODE_NOT_SENT' && s.station && !s.station.codesBySms ? t.noSms : undefined) ??
      (code === 'CODE_WRONG' && typeof body?.attemptsLeft === 'number'
        ? t.codeWrongLeft.replace('{n}', String(body.attemptsLeft))
        : undefined) ??
      t.refusals[code] ??
      t.refusals.UNKNOWN!;
    // Where the way out is a call, the number to call is right there.
    const phone = s.station?.phone;
    s.error = phone && CALL_US.has(code) ? `${refusal} ${t.callUs.replace('{phone}', phoneInText(phone))}` : refusal;
    if ((code === 'TOO_SOON' || code === 'IN_PAST') && s.times) {
      s.times = { ...s.times, starts: s.times.starts.filter((start) => start !== s.start) };
      s.start = '';
    }
    if (code === 'CLIENT_TOKEN_INVALID') {
      keepSignIn(null);
      s.token = '';
      s.me = null;
    }
  });

  const requestCode = $(async () => {
    if (!s.station) return;
    s.error = '';
    s.invalid = '';
    s.busy = 'code';
    try {
      const challenge = await api<PublicChallenge>('/api/public/booking/challenge');
      const { solveChallenge } = await import('altcha-lib');
      const solved = await solveChallenge(challenge.challenge, challenge.salt, challenge.algorithm, challenge.maxnumber).promise;
      if (!solved) throw new ApiError(400, 'CHALLENGE_FAILED', '', null);
      const proof = btoa(
        JSON.stringify({
          algorithm: challenge.algorithm,
          challenge: challenge.challenge,
          number: solved.number,
          salt: challenge.salt,
          signature: challenge.signature,
        }),
      );
      const sent = await api<CodeSent>('/api/public/booking/code', {
        body: {
          branchId: s.branchId,
          name: s.name.trim(),
          phone: s.phone.trim(),
          lang: lang.value,
          consentHash: s.station.notice.hash,
          proof,
        },
      });
      s.requestId = sent.requestId;
      s.sentBy = sent.channel;
      s.code = '';
    } catch (error) {
      await fail(error);
    } finally {
      s.busy = '';
    }
  });

  const confirmCode = $(async () => {
    s.error = '';
    s.invalid = '';
    s.busy = 'confirm';
    try {
      const signed = await api<SignedIn>('/api/public/booking/confirm', {
        body: { branchId: s.branchId, requestId: s.requestId, code: s.code.trim(), name: s.name.trim(), phone: s.phone.trim() },
      });
      keepSignIn(signed.token);
      s.token = signed.token;
      s.me = { name: signed.name, phone: signed.phone };
      s.requestId = '';
      await loadMine();
    } catch (error) {
      await fail(error);
    } finally {
      s.busy = '';
    }
  });

  const book = $(async () => {
    if (!s.station) return;
    if (!s.start) {
      s.error = t.chooseTime;
      return;
    }
    s.error = '';
    s.invalid = '';
    s.offers = [];
    s.busy = 'book';
    // One key per booking asked for: a retry after a lost answer is the same booking, a new choice a new one.
    s.attemptKey ||= newAttemptKey();
    try {
      const car = {
        ...(s.make.trim() ? { make: s.make.trim() } : {}),
        ...(s.model.trim() ? { model: s.model.trim() } : {}),
        ...(s.plate.trim() ? { plate: s.plate.trim() } : {}),
      };
      const booked = await api<WebBooked>('/api/public/bookings', {
        headers: { ...(await withToken()), 'idempotency-key': s.attemptKey },
        body: {
          branchId: s.branchId,
          serviceIds: s.serviceIds,
          start: s.start,
          ...(Object.keys(car).length > 0 ? { car } : {}),
          ...(s.comment.trim() ? { comment: s.comment.trim() } : {}),
          ...sourceOf(pageQuery(window.location.search)),
        },
      });
      const zone = s.station.branch.timeZone;
      const services = s.station.services.filter((service) => s.serviceIds.includes(service.id)).map((service) => service.name);
      s.attemptKey = '';
      s.booked = {
        when: dateTimeWords(booked.start, zone, lang.value),
        services: services.join(', '),
        // A job over several days: when the car will be ready, not only when to bring it.
        ready: dateIn(booked.end, zone) === dateIn(booked.start, zone) ? null : dateTimeWords(booked.end, zone, lang.value),
        // Where to come: the branch where there are several, and its address when the station gave one.
        place: [s.station.branches.length > 1 ? s.station.branch.name : null, s.station.address].filter(Boolean).join(', '),
      };
      s.start = '';
      await loadMine();
      // The list is read from the board, which may be a moment behind: the new booking is shown at once.
      if (!s.mine.some((row) => row.id === booked.id)) {
        s.mine = [
          {
            id: booked.id,
            branchName: s.station.branch.name,
            services,
            start: booked.start,
            status: booked.status,
            timeZone: zone,
            cancellable: true,
          },
          ...s.mine,
        ];
      }
    } catch (error) {
      // An answer that refused the booking ends the attempt; no answer (or the server's failure) may be retried as it was.
      if (error instanceof ApiError && error.status < 500) s.attemptKey = '';
      await fail(error);
      const raw = error instanceof ApiError ? error.body?.alternatives : undefined;
      if (Array.isArray(raw)) {
        s.offers = raw.filter((offer): offer is Offer => typeof (offer as Offer).start === 'string').slice(0, 6);
      }
    } finally {
      s.busy = '';
    }
  });

  const cancel = $(async (id: string, when: string) => {
    s.error = '';
    s.invalid = '';
    s.busy = `cancel:${id}`;
    try {
      await api<WebBooked>(`/api/public/bookings/${id}/cancel`, { method: 'POST', headers: await withToken() });
      // Marked here: the list is read from the board, which may be a moment behind the command.
      s.mine = s.mine.map((row) => (row.id === id ? { ...row, status: 'Cancelled', cancellable: false } : row));
      s.confirmCancel = '';
      s.notice = t.cancelled.replace('{when}', when);
    } catch (error) {
      await fail(error);
    } finally {
      s.busy = '';
    }
  });

  const forget = $(() => {
    keepSignIn(null);
    s.token = '';
    s.me = null;
    s.mine = [];
    s.booked = null;
  });

  /** «Это не я»: the token stops working on the server as well (a shared tablet), then here. */
  const signOut = $(async () => {
    if (s.token) await api('/api/public/signout', { method: 'POST', headers: await withToken() }).catch(() => undefined);
    await forget();
  });

  const askPrivacy = $(async (kind: 'access' | 'erasure') => {
    s.error = '';
    s.invalid = '';
    try {
      const asked = await api<PrivacyRequested>('/api/public/privacy-requests', {
        headers: await withToken(),
        body: { kind },
      });
      const template = !asked.fresh ? t.askedAgain : kind === 'access' ? t.askedCopy : t.askedErasure;
      s.notice = template.replace('{date}', dayWords(asked.dueDate, s.station?.branch.timeZone ?? 'Europe/Moscow', lang.value));
      window.scrollTo({ top: 0 });
    } catch (error) {
      await fail(error);
    }
  });

  const withdraw = $(async () => {
    if (!window.confirm(t.withdrawSure)) return;
    try {
      await api('/api/public/consent/withdraw', { method: 'POST', headers: await withToken() });
      await forget();
      s.notice = t.withdrawn;
    } catch (error) {
      await fail(error);
    }
  });

  if (s.missing) {
    return (
      <section class="book">
        <p class="hint" data-book-missing>
          {t.stationMissing}
        </p>
      </section>
    );
  }
  const station = s.station;
  if (!station) {
    return (
      <section class="book">
        <p class="muted">{t.loading}</p>
      </section>
    );
  }
  const zone = station.branch.timeZone;
  const today = todayIn(zone);
  const days = Array.from({ length: daysShown(station) }, (_, i) => addDays(today, i));
  const starts = s.times?.question === timesQuestion(s) ? s.times.starts : null;

  return (
    <section class="book" data-book>
      <h1>{t.title.replace('{station}', station.stationName)}</h1>
      {(station.phone || station.address) && (
        <p class="book-contacts" data-book-contacts>
          {station.phone && (
            <span>
              {t.contacts}: <a href={telHref(station.phone)}>{phoneWords(station.phone)}</a>
            </span>
          )}
          {station.address && (
            <span>
              {t.address}: {station.address}
            </span>
          )}
        </p>
      )}
      {s.notice && (
        <p class="book-notice" role="status" data-book-notice>
          {s.notice}
        </p>
      )}

      {s.booked ? (
        <div class="book-done" role="status" data-booked>
          <p class="book-done-title">{t.booked.replace('{when}', s.booked.when).replace('{services}', s.booked.services)}</p>
          {s.booked.ready && <p data-booked-ready>{t.bookedReady.replace('{when}', s.booked.ready)}</p>}
          {s.booked.place && <p data-booked-place>{t.bookedWhere.replace('{place}', s.booked.place)}</p>}
          <p class="hint">{t.bookedNote.replace('{lead}', durationWords(station.branch.leadMinutes, lang.value))}</p>
          <button type="button" class="btn" onClick$={() => (s.booked = null)} data-book-again>
            {t.bookAgain}
          </button>
        </div>
      ) : (
        <div class="booking-steps">
          {station.branches.length > 1 && (
            <label class="field step">
              <span class="step-title">{t.branch}</span>
              <select
                value={s.branchId}
                data-book-branch
                onChange$={async (_, el) => {
                  s.serviceIds = [];
                  s.start = '';
                  await loadStation(el.value);
                }}
              >
                {station.branches.map((branch) => (
                  <option key={branch.id} value={branch.id}>
                    {branch.name}
                  </option>
                ))}
              </select>
            </label>
          )}

          <div class="step">
            <h2 class="step-title">{t.services}</h2>
            {station.services.length === 0 ? (
              <p class="hint" data-book-no-services>
                {station.phone ? t.noServicesPhone.replace('{phone}', phoneInText(station.phone)) : t.noServices}
              </p>
            ) : (
              <p class="hint">{t.servicesHint}</p>
            )}
            <div class="chip-row" data-book-services>
              {station.services.map((service) => (
                <button
                  key={service.id}
                  type="button"
                  class="btn chip"
                  aria-pressed={s.serviceIds.includes(service.id) ? 'true' : 'false'}
                  data-service={service.name}
                  onClick$={() => {
                    s.serviceIds = s.serviceIds.includes(service.id)
                      ? s.serviceIds.filter((id) => id !== service.id)
                      : [...s.serviceIds, service.id];
                    s.start = '';
                  }}
                >
                  <span>{service.name}</span>
                  <span class="chip-sub">
                    {t.price.replace('{price}', service.priceRub.toLocaleString(lang.value === 'ru' ? 'ru-RU' : 'en-GB'))} ·{' '}
                    {durationWords(service.durationMinutes, lang.value)}
                  </span>
                </button>
              ))}
            </div>
          </div>

          {/* A branch with no works online offers no days, times or sign-in: only the way to another branch or a call. */}
          {station.services.length > 0 && (
            <>
              <div class="step slot-picker">
                <h2 class="step-title">{t.day}</h2>
                <DayStrip
                  days={days}
                  timeZone={zone}
                  selected={s.date}
                  label={t.day}
                  today={t.today}
                  tomorrow={t.tomorrow}
                  closed={station.branch.closedDays}
                  closedLabel={t.dayOff}
                  onPick$={(date) => {
                    s.date = date;
                    s.dayPicked = true;
                    s.start = '';
                  }}
                />
                <h2 class="step-title">{t.times}</h2>
                {station.branch.leadMinutes > 0 && (
                  <p class="hint" data-book-lead>
                    {t.lead.replace('{lead}', durationWords(station.branch.leadMinutes, lang.value))}
                  </p>
                )}
                {s.serviceIds.length === 0 ? (
                  <p class="hint">{t.chooseService}</p>
                ) : s.timesFailed ? (
                  <p class="form-error" data-times-failed={s.timesFailed}>
                    {s.timesFailed === 'busy' ? t.timesBusy : t.timesFailed}
                  </p>
                ) : starts === null ? (
                  <p class="muted">{t.loading}</p>
                ) : starts.length === 0 ? (
                  <p class="hint" data-no-times>
                    {t.noTimes}
                  </p>
                ) : (
                  <div class="slot-times" data-book-times>
                    {starts.map((start) => (
                      <button
                        key={start}
                        type="button"
                        class="btn slot-time"
                        aria-pressed={s.start === start ? 'true' : 'false'}
                        data-slot={start}
                        onClick$={() => (s.start = start)}
                      >
                        {timeWords(start, zone)}
                      </button>
                    ))}
                  </div>
                )}
              </div>

              <div class="step" data-book-contact>
                <h2 class="step-title">{t.you}</h2>
                {s.me ? (
                  <p class="book-me" data-book-me>
                    {t.signedInAs.replace('{name}', s.me.name).replace('{phone}', s.me.phone)}{' '}
                    <button type="button" class="btn btn-quiet" onClick$={signOut} data-book-signout>
                      {t.notYou}
                    </button>
                  </p>
                ) : (
                  <form
                    class="book-contact"
                    preventdefault:submit
                    onSubmit$={(_, form) => {
                      takeShown(form, s);
                      return s.requestId ? confirmCode() : requestCode();
                    }}
                    data-book-code-form
                  >
                    <label class="field">
                      <span>{t.name}</span>
                      <input
                        name="name"
                        autoComplete="name"
                        maxLength={200}
                        value={s.name}
                        required
                        disabled={!!s.requestId}
                        onInput$={(_, el) => (s.name = el.value)}
                        aria-invalid={s.invalid === 'name' ? 'true' : undefined}
                      />
                    </label>
                    <label class="field">
                      <span>{t.phone}</span>
                      <input
                        name="phone"
                        type="tel"
                        inputMode="tel"
                        autoComplete="tel"
                        maxLength={30}
                        placeholder={t.phonePlaceholder}
                        value={s.phone}
                        required
                        disabled={!!s.requestId}
                        onInput$={(_, el) => (s.phone = el.value)}
                        aria-invalid={s.invalid === 'phone' ? 'true' : undefined}
                      />
                    </label>
                    {!station.codesBySms && (
                      <p class="hint" data-book-no-sms>
                        {station.phone ? t.noSmsPhone.replace('{phone}', phoneInText(station.phone)) : t.noSms}
                      </p>
                    )}
                    <details class="book-consent-text">
                      <summary>{t.consentRead}</summary>
                      <pre data-book-notice-text>{station.notice.text}</pre>
                    </details>
                    <label class="check book-consent">
                      <input
                        type="checkbox"
                        checked={s.consent}
                        required
                        disabled={!!s.requestId}
                        onChange$={(_, el) => (s.consent = el.checked)}
                        data-book-consent
                      />
                      <span>{t.consent}</span>
                    </label>
                    {s.requestId ? (
                      <>
                        <p class="hint" data-code-sent={s.sentBy}>
                          {s.sentBy === 'telegram'
                            ? t.codeSentTelegram
                            : s.sentBy === 'max'
                              ? t.codeSentMax
                              : t.codeSentSms.replace('{phone}', phoneWords(s.phone.trim()))}
                        </p>
                        <label class="field">
                          <span>{t.code}</span>
                          <input
                            name="code"
                            inputMode="numeric"
                            autoComplete="one-time-code"
                            pattern="\d{6}"
                            maxLength={6}
                            value={s.code}
                            required
                            onInput$={(_, el) => (s.code = el.value.replace(/\D/g, ''))}
                            aria-invalid={s.invalid === 'code' ? 'true' : undefined}
                            data-book-code
                          />
                        </label>
                        <div class="book-actions">
                          <button type="submit" class="btn btn-primary" disabled={s.busy !== ''} data-book-confirm>
                            {t.confirm}
                          </button>
                          <button
                            type="button"
                            class="btn"
                            onClick$={() => {
                              s.requestId = '';
                              s.code = '';
                            }}
                            data-book-new-code
                          >
                            {t.newCode}
                          </button>
                        </div>
                      </>
                    ) : (
                      <button
                        type="submit"
                        class="btn btn-primary"
                        disabled={s.busy !== '' || !s.consent || !s.name.trim() || !s.phone.trim()}
                        data-book-get-code
                      >
                        {s.busy === 'code' ? t.checking : t.getCode}
                      </button>
                    )}
                  </form>
                )}
              </div>

              {s.me && (
                <div class="step" data-book-details>
                  <h2 class="step-title">{t.car}</h2>
                  <div class="book-car">
                    {CAR_FIELDS.map(([field, maxLength]) => (
                      <label key={field} class="field">
                        <span>{t[field]}</span>
                        <input
                          name={field}
                          maxLength={maxLength}
                          value={s[field]}
                          onInput$={(_, el) => (s[field] = el.value)}
                          aria-invalid={s.invalid === `car.${field}` ? 'true' : undefined}
                          {...{ [`data-book-${field}`]: true }}
                        />
                      </label>
                    ))}
                  </div>
                  <label class="field">
                    <span>{t.comment}</span>
                    <textarea
                      name="comment"
                      maxLength={1000}
                      rows={2}
                      value={s.comment}
                      onInput$={(_, el) => (s.comment = el.value)}
                      aria-invalid={s.invalid === 'comment' ? 'true' : undefined}
                    />
                  </label>
                  <button
                    type="button"
                    class="btn btn-primary book-submit"
                    disabled={s.busy !== ''}
                    onClick$={(_, button) => {
                      takeShown(button.closest('[data-book-details]')!, s);
                      return book();
                    }}
                    data-book-submit
                  >
                    {s.busy === 'book' ? t.booking : t.book}
                  </button>
                </div>
              )}
            </>
          )}
        </div>
      )}

      {s.error && (
        <div class="form-error" role="alert" data-book-error>
          <p>{s.error}</p>
          {s.offers.length > 0 && (
            <div class="book-offers" data-book-offers>
              <span>{t.alternatives}</span>
              <div class="slot-times">
                {s.offers.map((offer) => (
                  <button
                    key={offer.start}
                    type="button"
                    class="btn slot-time"
                    data-offer={offer.start}
                    onClick$={async () => {
                      s.date = offer.start.slice(0, 10);
                      s.dayPicked = true;
                      s.start = offer.start;
                      await book();
                    }}
                  >
                    {dateTimeWords(offer.start, zone, lang.value)}
                  </button>
                ))}
              </div>
            </div>
          )}
        </div>
      )}

      {s.me && (
        <div class="book-mine" data-book-mine>
          <h2>{t.mine}</h2>
          {s.mine.length === 0 ? (
            <p class="hint">{t.mineEmpty}</p>
          ) : (
            <ul class="book-mine-list">
              {s.mine.map((row) => {
                const when = dateTimeWords(row.start, row.timeZone, lang.value);
                return (
                  <li key={row.id} data-mine={row.id}>
                    <div>
                      <strong>{when}</strong>
                      <span class="muted">
                        {' '}
                        {station.branches.length > 1 && row.branchName ? `· ${row.branchName} ` : ''}· {row.services.join(', ')} ·{' '}
                        {t.status[row.status] ?? ''}
                      </span>
                    </div>
                    {row.cancellable &&
                      (s.confirmCancel === row.id ? (
                        <div class="book-actions">
                          <span>{t.cancelSure.replace('{when}', when)}</span>
                          <button type="button" class="btn btn-danger" onClick$={() => cancel(row.id, when)} data-cancel-yes>
                            {t.cancelYes}
                          </button>
                          <button type="button" class="btn" onClick$={() => (s.confirmCancel = '')}>
                            {t.cancelNo}
                          </button>
                        </div>
                      ) : (
                        <button type="button" class="btn" onClick$={() => (s.confirmCancel = row.id)} data-cancel={row.id}>
                          {t.cancel}
                        </button>
                      ))}
                  </li>
                );
              })}
            </ul>
          )}
          <h2>{t.privacy}</h2>
          <div class="book-actions">
            <button type="button" class="btn" onClick$={() => askPrivacy('access')} data-book-ask="access">
              {t.askCopy}
            </button>
            <button type="button" class="btn" onClick$={() => askPrivacy('erasure')} data-book-ask="erasure">
              {t.askErasure}
            </button>
            <button type="button" class="btn btn-quiet" onClick$={withdraw} data-book-withdraw>
              {t.withdraw}
            </button>
          </div>
        </div>
      )}
    </section>
  );
});
