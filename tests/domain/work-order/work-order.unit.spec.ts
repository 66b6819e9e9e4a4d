import { describe, expect, it } from 'vitest';
import { workOrderDecider, type WorkOrderCommand } from '../../../domain/work-order/business-logic.ts';
import { totalsOf, type OrderLine } from '../../../domain/work-order/money.ts';
import type { WorkOrderEvent } from '../../../domain/work-order/work-order.ts';
import { deciderSpec } from '../../support/given-when-then.ts';

const spec = deciderSpec(workOrderDecider);
const id = '00000000-0000-4000-8000-000000000001';
const metadata = { now: '2026-03-12T10:00:00.000Z', userId: 'u1' };

const opened: WorkOrderEvent = {
  type: 'WorkOrderOpened',
  data: {
    workOrderId: id,
    orgId: 'o',
    branchId: 'b',
    bookingId: 'k',
    clientId: 'c',
    number: 17,
    vatMode: 'general22',
    vehicle: null,
    odometerKm: 45120,
    openedBy: 'u1',
    openedAt: metadata.now,
  },
};

const oilChange: OrderLine = {
  lineId: 'l1',
  kind: 'work',
  name: 'Замена масла',
  serviceId: 's1',
  pricing: 'hourly',
  article: null,
  manufacturer: null,
  quantityMilli: 1500,
  unitPriceKopecks: 200_000,
  discountPercent: 0,
};
const oil: OrderLine = {
  lineId: 'l2',
  kind: 'part',
  name: 'Масло 5W-30, 4 л',
  serviceId: null,
  pricing: null,
  article: 'SH-550046',
  manufacturer: 'Shell',
  quantityMilli: 1000,
  unitPriceKopecks: 355_050,
  discountPercent: 10,
};

const added = (line: OrderLine): WorkOrderEvent => ({
  type: 'WorkOrderLineAdded',
  data: { workOrderId: id, line, addedBy: 'u1', addedAt: metadata.now },
});
const move = (type: 'WorkOrderStarted' | 'WorkOrderCompleted'): WorkOrderEvent =>
  type === 'WorkOrderStarted'
    ? { type, data: { workOrderId: id, agreed: true, startedBy: 'u1', startedAt: metadata.now } }
    : { type, data: { workOrderId: id, completedBy: 'u1', completedAt: metadata.now } };
const paid = (paymentId: string, amountKopecks: number): WorkOrderEvent => ({
  type: 'PaymentRecorded',
  data: {
    workOrderId: id,
    paymentId,
    method: 'cash',
    amountKopecks,
    reference: null,
    recordedBy: 'u1',
    recordedAt: metadata.now,
  },
});
const evolveAll = (events: WorkOrderEvent[]) => events.reduce(workOrderDecider.evolve, workOrderDecider.initialState());
const command = <C extends WorkOrderCommand['type']>(type: C, data: Extract<WorkOrderCommand, { type: C }>['data']) =>
  ({ type, data, metadata }) as WorkOrderCommand;

// 1.5 h × 2 000,00 = 3 000,00; oil 3 550,50 − 10 % (355,05) = 3 195,45; total 6 195,45.
const TOTAL = 619_545;

describe('Work order money', () => {
  it('sums works and parts in kopecks, discounts per line, VAT 22 % inside the total', () => {
    expect(totalsOf([oilChange, oil], 'general22')).toEqual({
      works: 300_000,
      parts: 319_545,
      discount: 35_505,
      lowered: 0,
      total: TOTAL,
      vat: Math.round((TOTAL * 22) / 122),
    });
    expect(totalsOf([oilChange, oil], 'none').vat).toBe(0);
  });
});

describe('Work order decider', () => {
  it('adds a line to a draft with who and when', () => {
    spec
      .given([opened])
      .when(command('AddLine', { workOrderId: id, line: oilChange }))
      .then([added(oilChange)]);
  });

  it('refuses a negative quantity, a discount over 100 % and a fractional kopeck', () => {
    spec
      .given([opened])
      .when(command('AddLine', { workOrderId: id, line: { ...oil, quantityMilli: -1000 } }))
      .thenThrows('VALIDATION');
    spec
      .given([opened])
      .when(command('AddLine', { workOrderId: id, line: { ...oil, discountPercent: 101 } }))
      .thenThrows('VALIDATION');
    spec
      .given([opened])
      .when(command('AddLine', { workOrderId: id, line: { ...oil, unitPriceKopecks: 10.5 } }))
      .thenThrows('VALIDATION');
  });

  it('says the quantity’s limit in the units people type, not in the thousandths it is kept in', () => {
    const tooMany = () =>
      workOrderDecider.decide(
        command('AddLine', { workOrderId: id, line: { ...oil, quantityMilli: 1_001_000 } }),
        evolveAll([opened]),
      );
    expect(tooMany).toThrow('quantity must be from 0.001 to 1000');
  });

  it('refuses agreeing to a total that does not add up to the lines', () => {
    spec
      .given([opened, added(oilChange), added(oil)])
      .when(command('AgreeWorkOrder', { workOrderId: id, expectedTotalKopecks: TOTAL + 1 }))
      .thenThrows('TOTAL_MISMATCH');
  });

  it('agrees to the total of its lines', () => {
    spec
      .given([opened, added(oilChange), added(oil)])
      .when(command('AgreeWorkOrder', { workOrderId: id, expectedTotalKopecks: TOTAL }))
      .then([
        { type: 'WorkOrderAgreed', data: { workOrderId: id, totalKopecks: TOTAL, agreedBy: 'u1', agreedAt: metadata.now } },
      ]);
  });

  it('starts a job without agreement, marked as such', () => {
    spec
      .given([opened, added(oilChange)])
      .when(command('StartWork', { workOrderId: id }))
      .then([{ type: 'WorkOrderStarted', data: { workOrderId: id, agreed: false, startedBy: 'u1', startedAt: metadata.now } }]);
  });

  it('refuses to complete a draft and to close an unpaid order', () => {
    spec
      .given([opened])
      .when(command('CompleteWork', { workOrderId: id }))
      .thenThrows('ILLEGAL_TRANSITION');
    spec
      .given([opened, added(oil), move('WorkOrderStarted'), move('WorkOrderCompleted')])
      .when(command('CloseWorkOrder', { workOrderId: id }))
      .thenThrows('ILLEGAL_TRANSITION');
  });

  it('refuses a payment over what is due', () => {
    spec
      .given([opened, added(oilChange), added(oil), paid('p1', 100_000)])
      .when(
        command('RecordPayment', {
          workOrderId: id,
          paymentId: 'p2',
          method: 'card',
          amountKopecks: TOTAL - 100_000 + 1,
          reference: null,
        }),
      )
      .thenThrows('OVER_DUE');
  });

  it('marks a done order paid with the payment that settles it', () => {
    spec
      .given([opened, added(oilChange), added(oil), move('WorkOrderStarted'), move('WorkOrderCompleted'), paid('p1', 100_000)])
      .when(
        command('RecordPayment', {
          workOrderId: id,
          paymentId: 'p2',
          method: 'sbp',
          amountKopecks: TOTAL - 100_000,
          reference: 'A123',
        }),
      )
      .then([
        {
          type: 'PaymentRecorded',
          data: {
            workOrderId: id,
            paymentId: 'p2',
            method: 'sbp',
            amountKopecks: TOTAL - 100_000,
            reference: 'A123',
            recordedBy: 'u1',
            recordedAt: metadata.now,
          },
        },
        { type: 'WorkOrderPaid', data: { workOrderId: id, paidBy: 'u1', paidAt: metadata.now } },
      ]);
  });

  it('holds an order to a hundred lines', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => added({ ...oil, lineId: `p${i}` }));
    spec
      .given([opened, ...hundred])
      .when(command('AddLine', { workOrderId: id, line: { ...oil, lineId: 'p100' } }))
      .thenThrows('VALIDATION');
    spec
      .given([opened, ...hundred.slice(1)])
      .when(command('AddLine', { workOrderId: id, line: { ...oil, lineId: 'p100' } }))
      .then([added({ ...oil, lineId: 'p100' })]);
  });

  it('books a repeated payment id once', () => {
    spec
      .given([opened, added(oil), paid('p1', 1000)])
      .when(command('RecordPayment', { workOrderId: id, paymentId: 'p1', method: 'cash', amountKopecks: 1000, reference: null }))
      .then([]);
  });

  it('refuses another payment or refund under an id already used, instead of answering it as booked', () => {
    spec
      .given([opened, added(oil), paid('p1', 1000)])
      .when(command('RecordPayment', { workOrderId: id, paymentId: 'p1', method: 'card', amountKopecks: 2000, reference: null }))
      .thenThrows('IDEMPOTENCY_KEY_REUSED');
    const refunded: WorkOrderEvent = {
      type: 'PaymentRefunded',
      data: { workOrderId: id, refundId: 'r1', paymentId: 'p1', amountKopecks: 100, refundedBy: 'u1', refundedAt: metadata.now },
    };
    spec
      .given([opened, added(oil), paid('p1', 1000), refunded])
      .when(
        command('RefundPayment', { workOrderId: id, refundId: 'r1', paymentId: 'p1', amountKopecks: 100, lowersPrice: false }),
      )
      .then([]);
    spec
      .given([opened, added(oil), paid('p1', 1000), refunded])
      .when(
        command('RefundPayment', { workOrderId: id, refundId: 'r1', paymentId: 'p1', amountKopecks: 500, lowersPrice: false }),
      )
      .thenThrows('IDEMPOTENCY_KEY_REUSED');
  });

  it('refuses a refund over what the payment brought, and removing a line below what was paid', () => {
    spec
      .given([opened, added(oil), paid('p1', 1000)])
      .when(
        command('RefundPayment', { workOrderId: id, refundId: 'r1', paymentId: 'p1', amountKopecks: 1001, lowersPrice: false }),
      )
      .thenThrows('OVER_DUE');
    spec
      .given([opened, added(oilChange), added(oil), paid('p1', 320_000)])
      .when(command('RemoveLine', { workOrderId: id, lineId: 'l1' }))
      .thenThrows('TOTAL_MISMATCH');
  });

  it('books an online payment only when it was asked for, once, for the amount asked', () => {
    const requested: WorkOrderEvent = {
      type: 'OnlinePaymentRequested',
      data: {
        workOrderId: id,
        paymentId: 'p9',
        providerPaymentId: 'yk-1',
        amountKopecks: 5000,
        confirmationUrl: 'https://pay.example/1',
        requestedBy: 'u1',
        requestedAt: metadata.now,
      },
    };
    const confirm = (providerPaymentId: string, amountKopecks: number) =>
      command('ConfirmOnlinePayment', { workOrderId: id, providerPaymentId, amountKopecks });
    spec
      .given([opened, added(oil)])
      .when(confirm('yk-forged', 5000))
      .then([]);
    spec
      .given([opened, added(oil), requested])
      .when(confirm('yk-1', 9000))
      .thenThrows('TOTAL_MISMATCH');
    const recorded: WorkOrderEvent = {
      type: 'PaymentRecorded',
      data: {
        workOrderId: id,
        paymentId: 'p9',
        method: 'online',
        amountKopecks: 5000,
        reference: 'yk-1',
        recordedBy: 'u1',
        recordedAt: metadata.now,
      },
    };
    spec
      .given([opened, added(oil), requested])
      .when(confirm('yk-1', 5000))
      .then([recorded]);
    spec
      .given([opened, added(oil), requested, recorded])
      .when(confirm('yk-1', 5000))
      .then([]);
  });

  it('sends a refunded paid order back to done', () => {
    const state = [
      opened,
      added(oil),
      move('WorkOrderStarted'),
      move('WorkOrderCompleted'),
      paid('p1', 319_545),
      { type: 'WorkOrderPaid', data: { workOrderId: id, paidBy: 'u1', paidAt: metadata.now } },
      {
        type: 'PaymentRefunded',
        data: {
          workOrderId: id,
          refundId: 'r1',
          paymentId: 'p1',
          amountKopecks: 100,
          refundedBy: 'u1',
          refundedAt: metadata.now,
        },
      },
    ] as WorkOrderEvent[];
    expect(state.reduce(workOrderDecider.evolve, workOrderDecider.initialState()).status).toBe('Done');
  });

  const paidInFull = [
    opened,
    added(oil),
    move('WorkOrderStarted'),
    move('WorkOrderCompleted'),
    paid('p1', 319_545),
    { type: 'WorkOrderPaid', data: { workOrderId: id, paidBy: 'u1', paidAt: metadata.now } },
  ] as WorkOrderEvent[];

  it('lowers the price by a refund that says so: the order stays paid and owes nothing', () => {
    const refunded: WorkOrderEvent = {
      type: 'PaymentRefunded',
      data: {
        workOrderId: id,
        refundId: 'r1',
        paymentId: 'p1',
        amountKopecks: 50_000,
        refundedBy: 'u1',
        refundedAt: metadata.now,
      },
    };
    const lowered: WorkOrderEvent = {
      type: 'WorkOrderPriceLowered',
      data: { workOrderId: id, refundId: 'r1', amountKopecks: 50_000, loweredBy: 'u1', loweredAt: metadata.now },
    };
    spec
      .given(paidInFull)
      .when(
        command('RefundPayment', { workOrderId: id, refundId: 'r1', paymentId: 'p1', amountKopecks: 50_000, lowersPrice: true }),
      )
      .then([refunded, lowered, { type: 'WorkOrderPaid', data: { workOrderId: id, paidBy: 'u1', paidAt: metadata.now } }]);
    const after = [...paidInFull, refunded, lowered].reduce(workOrderDecider.evolve, workOrderDecider.initialState());
    expect(after.status).toBe('Done');
    if (after.status === 'Empty') throw new Error('the order is open');
    // Its total is the lines' less what was lowered, and VAT is counted inside that.
    expect(totalsOf(after.lines, after.vatMode, after.priceLoweredKopecks)).toMatchObject({
      parts: 319_545,
      lowered: 50_000,
      total: 269_545,
    });
  });

  it('leaves a refund that does not lower the price owed again', () => {
    spec
      .given(paidInFull)
      .when(
        command('RefundPayment', { workOrderId: id, refundId: 'r1', paymentId: 'p1', amountKopecks: 50_000, lowersPrice: false }),
      )
      .then([
        {
          type: 'PaymentRefunded',
          data: {
            workOrderId: id,
            refundId: 'r1',
            paymentId: 'p1',
            amountKopecks: 50_000,
            refundedBy: 'u1',
            refundedAt: metadata.now,
          },
        },
      ]);
  });

  it('refuses to lower the price before the work is done: a prepayment given back leaves the lines to be changed instead', () => {
    spec
      .given([opened, added(oil), paid('p1', 50_000)] as WorkOrderEvent[])
      .when(
        command('RefundPayment', { workOrderId: id, refundId: 'r1', paymentId: 'p1', amountKopecks: 10_000, lowersPrice: true }),
      )
      .thenThrows('VALIDATION');
  });

  it('refuses to lower the price below zero: an overpaid order gives the surplus back without lowering', () => {
    spec
      .given([
        opened,
        added(oil),
        paid('p1', 100_000),
        { type: 'WorkOrderLineRemoved', data: { workOrderId: id, lineId: 'l2', removedBy: 'u1', removedAt: metadata.now } },
      ] as WorkOrderEvent[])
      .when(
        command('RefundPayment', { workOrderId: id, refundId: 'r1', paymentId: 'p1', amountKopecks: 100_000, lowersPrice: true }),
      )
      .thenThrows('VALIDATION');
  });
});

describe('The odometer reading of a visit', () => {
  const reread = (odometerKm: number): WorkOrderEvent => ({
    type: 'WorkOrderOdometerRecorded',
    data: { workOrderId: id, odometerKm, recordedBy: 'u1', recordedAt: metadata.now },
  });

  it('records a new reading, and the later one stands', () => {
    spec
      .given([opened])
      .when(command('RecordOdometer', { workOrderId: id, odometerKm: 45_160 }))
      .then([reread(45_160)]);
    const state = [opened, reread(45_160), reread(45_170)].reduce(workOrderDecider.evolve, workOrderDecider.initialState());
    expect(state.status !== 'Empty' && state.odometerKm).toBe(45_170);
  });

  it('changes nothing when the same reading is taken again', () => {
    spec
      .given([opened])
      .when(command('RecordOdometer', { workOrderId: id, odometerKm: 45_120 }))
      .then([]);
  });

  it('refuses a negative, fractional or impossible reading, an unknown order and a closed one', () => {
    for (const odometerKm of [-1, 12.5, 10_000_000]) {
      spec
        .given([opened])
        .when(command('RecordOdometer', { workOrderId: id, odometerKm }))
        .thenThrows('VALIDATION');
    }
    spec
      .given([])
      .when(command('RecordOdometer', { workOrderId: id, odometerKm: 1 }))
      .thenThrows('NOT_FOUND');
    const closed: WorkOrderEvent = { type: 'WorkOrderClosed', data: { workOrderId: id, closedBy: 'u1', closedAt: metadata.now } };
    spec
      .given([opened, closed])
      .when(command('RecordOdometer', { workOrderId: id, odometerKm: 46_000 }))
      .thenThrows('ILLEGAL_TRANSITION');
  });
});
