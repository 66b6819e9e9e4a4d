import { quantity as qty, roubles as rub, vatRates } from '../../domain/work-order/money.ts';
import type { WorkOrderView } from '../../domain/work-order/view.ts';
import { renderPdf } from './pdf.ts';

export type DocumentParties = {
  executor: { name: string; inn: string | null; ogrn: string | null; address: string | null; phone: string | null };
  client: { name: string | null; phone: string | null };
  car: { description: string | null; plate: string | null; vin: string | null; odometerKm: number | null };
  /** The document's date as the branch's zone writes it (dd.mm.yyyy). */
  date: string;
};

/**
 * The work order (заказ-наряд) or the act of completed works, with the fields the rules for car
 * repair services (ПП РФ № 780 of 29.05.2025) and 402-FZ ask of them, as a PDF.
 */
export const renderWorkOrderPdf = (kind: 'order' | 'act', order: WorkOrderView, parties: DocumentParties): Promise<Buffer> =>
  renderPdf(`Заказ-наряд № ${order.number}`, (doc) => {
    const { executor, client, car } = parties;
    const title =
      kind === 'order'
        ? `Заказ-наряд № ${order.number} от ${parties.date}`
        : `Акт выполненных работ № ${order.number} от ${parties.date}`;
    doc.font('B').fontSize(14).text(title);
    if (kind === 'act') doc.font('R').fontSize(10).text(`к заказ-наряду № ${order.number}`);
    doc.moveDown(0.5).font('R').fontSize(10);
    doc.text(
      `Исполнитель: ${[executor.name, executor.inn && `ИНН ${executor.inn}`, executor.ogrn && `ОГРН ${executor.ogrn}`].filter(Boolean).join(', ')}`,
    );
    if (executor.address || executor.phone)
      doc.text([executor.address, executor.phone && `тел. ${executor.phone}`].filter(Boolean).join(', '));
    doc.text(`Заказчик: ${client.name ?? '—'}${client.phone ? `, тел. ${client.phone}` : ''}`);
    doc.text(
      `Автомобиль: ${
        [
          car.description,
          car.plate && `г/н ${car.plate}`,
          car.vin && `VIN ${car.vin}`,
          car.odometerKm !== null && `пробег ${qty(car.odometerKm * 1000)} км`,
        ]
          .filter(Boolean)
          .join(', ') || '—'
      }`,
    );
    doc.moveDown(0.5);
    const rows = (lineKind: 'work' | 'part') => order.lines.filter((line) => line.kind === lineKind);
    const table = (heading: string, lines: WorkOrderView['lines'], withArticle: boolean) => {
      if (lines.length === 0) return;
      doc.font('B').text(heading).font('R');
      doc.table({
        columnStyles: withArticle ? [20, 170, 90, 45, 70, 45, 75] : [20, 260, 45, 70, 45, 75],
        data: [
          withArticle
            ? ['№', 'Наименование', 'Артикул, производитель', 'Кол-во', 'Цена', 'Скидка', 'Сумма']
            : ['№', 'Наименование', 'Кол-во', 'Цена', 'Скидка', 'Сумма'],
          ...lines.map((line, index) => [
            String(index + 1),
            line.name,
            ...(withArticle ? [[line.article, line.manufacturer].filter(Boolean).join(', ') || '—'] : []),
            line.pricing === 'hourly' ? `${qty(line.quantityMilli)} н/ч` : qty(line.quantityMilli),
            rub(line.unitPriceKopecks),
            line.discountPercent > 0 ? `${line.discountPercent} %` : '—',
            rub(line.amountKopecks),
          ]),
        ],
      });
      doc.moveDown(0.5);
    };
    table('Работы', rows('work'), false);
    table('Запчасти и материалы исполнителя', rows('part'), true);
    const { totals } = order;
    doc.text(`Работы: ${rub(totals.works)}`);
    doc.text(`Запчасти и материалы: ${rub(totals.parts)}`);
    if (totals.discount > 0) doc.text(`Скидка: ${rub(totals.discount)}`);
    if (totals.lowered > 0) doc.text(`Снижение цены после оплаты (возврат): −${rub(totals.lowered)}`);
    doc
      .font('B')
      .text(`Итого: ${rub(totals.total)}`)
      .font('R');
    doc.text(order.vatMode === 'none' ? 'Без НДС' : `в т.ч. НДС ${vatRates[order.vatMode]} %: ${rub(totals.vat)}`);
    doc.text(`Оплачено: ${rub(totals.paid)}; к оплате: ${rub(Math.max(totals.due, 0))}`);
    doc.moveDown();
    if (kind === 'act') {
      doc.text('Работы выполнены полностью и в срок. Претензий по объёму, качеству и срокам не имею.');
      doc.moveDown();
    }
    doc.text('Исполнитель: ____________________        Заказчик: ____________________');
  });
