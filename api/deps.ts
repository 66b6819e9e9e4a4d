import type { Pool } from 'pg';
import type { Sessions } from './auth/live-sessions.ts';
import type { CatalogRepository } from '../core/catalog/catalog-repository.ts';
import type { AuditLog } from '../core/compliance/audit-log.ts';
import type { BookingCommands } from '../core/booking/booking-commands.ts';
import type { ClientCommands } from '../core/client/client-commands.ts';
import type { CarRecords } from '../core/cars/car-record.ts';
import type { ComplianceServices } from '../core/compliance/services.ts';
import type { Vault } from '../core/vault/vault.ts';
import type { EventStore } from '../core/event-store/event-store.ts';
import type { LiveHub } from './live/hub.ts';
import type { Passwords } from '../core/staff/passwords.ts';
import type { StaffRoster } from '../core/staff/staff-roster.ts';
import type { Tasks } from '../core/tasks/tasks.ts';
import type { WorkOrderCommands } from '../core/work-order/work-order-commands.ts';
import type { TelegramBotSettings } from '../core/setup/telegram-bot-settings.ts';
import type { Inbox } from '../core/inbox/inbox.ts';
import type { VisitCommands } from '../core/work-order/visit.ts';
import type { WebBooking } from '../conversation/web-booking/web-booking.ts';

export type AppDeps = {
  pool: Pool;
  /** Where the owner's reports read: a streaming replica when DATABASE_READ_URL names one, else `pool`. */
  reports: Pool;
  store: EventStore;
  vault: Vault;
  catalog: CatalogRepository;
  commands: BookingCommands;
  clients: ClientCommands;
  /** A car's own record by its plate: owners, visits, odometer readings. */
  cars: CarRecords;
  compliance: ComplianceServices;
  hub: LiveHub;
  tokens: Sessions;
  audit: AuditLog;
  passwords: Passwords;
  /** The messengers this process talks to clients through (the first-run guide's «connect a bot»). */
  connectedChannels: readonly string[];
  roster: StaffRoster;
  tasks: Tasks;
  workOrders: WorkOrderCommands;
  /** The Telegram bot the owner connects in the panel (settings). */
  telegramBot: TelegramBotSettings;
  /** What clients write outside the booking flow, and the managers' answers. */
  inbox: Inbox;
  /** Findings with photos and the client's approvals on a work order. */
  visit: VisitCommands;
  /** The public booking page: free times, one-time codes, the client's own bookings. */
  webBooking: WebBooking;
  now: () => number;
};
