import { importLimits } from '../../../domain/import/limits.ts';

const limit = (value: number, locale: string) => value.toLocaleString(locale);

/** Words of the client-import page (/import). */
const ru = {
  title: 'Импорт клиентов',
  toAppointments: 'Импорт записей',
  mergesTitle: 'Строки, добавленные к уже известным клиентам: {count}',
  mergedRow: 'Строка {row} — тот же телефон, что у клиента в базе: открыть карточку',
  intro:
    'CSV, Excel (.xlsx, .xls) или выгрузка из 1С, до {mb} МБ. Сначала покажем, что получится, — ничего не запишется, пока вы не нажмёте «Импортировать».',
  roleOnly: 'Импорт доступен владельцу и менеджеру',
  drop: 'Перетащите файл сюда',
  dropOr: 'или',
  choose: 'Выбрать файл',
  chosen: 'Файл',
  branch: 'Филиал (необязательно)',
  noBranch: 'не указан',
  sheet: 'Лист',
  uploading: 'Загружаем файл… {percent}%',
  checking: 'Читаем файл…',
  importing: 'Импортируем…',
  importingRows: 'Импортируем: обработано строк {rows} ({percent}%)',
  counts: {
    rows: 'Строк в файле',
    created: 'Новых клиентов',
    merged: 'Обновится',
    rejected: 'Отклонено',
    unchanged: 'Без изменений',
  },
  resultCounts: {
    rows: 'Строк в файле',
    created: 'Создано',
    merged: 'Обновлено',
    rejected: 'Отклонено',
    unchanged: 'Без изменений',
  },
  alreadyImported: 'Этот файл уже импортирован: повторный импорт ничего не изменит.',
  mapping: 'Столбцы файла',
  mappingHint: 'Проверьте, куда попадёт каждый столбец; если ошиблись, выберите другое поле — предпросмотр обновится.',
  noPhoneColumn: 'Не нашли столбец с телефоном. Укажите, в каком столбце телефоны, — без них клиентов не связать.',
  column: 'Столбец {n}',
  skip: '— не импортировать —',
  fields: {
    name: 'ФИО целиком',
    lastName: 'Фамилия',
    firstName: 'Имя',
    middleName: 'Отчество',
    phone: 'Телефон',
    email: 'Эл. почта',
    car: 'Марка и модель',
    make: 'Марка',
    model: 'Модель',
    plate: 'Госномер',
    lastVisit: 'Последний визит',
    visits: 'Визитов',
    comment: 'Комментарий',
    code: 'Код (1С)',
  },
  sample: 'Первые строки — как они будут импортированы',
  sampleHead: { row: '№', name: 'Клиент', phone: 'Телефон', car: 'Автомобиль', lastVisit: 'Последний визит', visits: 'Визитов' },
  rejections: 'Не будут импортированы',
  rejectionsMore: '…и ещё {n}',
  rowNo: 'Строка {n}',
  reasons: {
    NO_PHONE: 'нет телефона',
    BAD_PHONE: 'телефон не похож на настоящий номер',
    BAD_DATE: 'не читается дата последнего визита',
    ERASED_CLIENT: 'клиент удалён по его просьбе и не импортируется снова',
    BAD_TEXT: 'в имени, автомобиле или комментарии есть служебные символы',
    TOO_LONG: 'имя, автомобиль или комментарий длиннее допустимого',
    BAD_PLATE: 'госномер не похож на номер: нужно от 4 до 12 букв, цифр или дефисов',
  } as Record<string, string>,
  downloadRejectedRows: 'Скачать отклонённые строки',
  commit: 'Импортировать',
  cancel: 'Выбрать другой файл',
  done: 'Импорт завершён',
  nothingChanged: 'Ничего не изменилось: этот файл уже был импортирован {date}.',
  report: 'Скачать отчёт об отклонённых строках',
  toClients: 'Открыть клиентов',
  another: 'Импортировать ещё файл',
  errors: {
    FILE_EMPTY: 'Файл «{name}» пустой. Ничего не импортировано.',
    FILE_NO_ROWS: 'В файле «{name}» есть заголовок, но нет ни одной строки с клиентами. Ничего не импортировано.',
    FILE_NOT_TEXT:
      'Файл «{name}» — не CSV и не Excel: это картинка, архив или другой двоичный файл, просто переименованный. Сохраните список клиентов как CSV или .xlsx. Ничего не импортировано.',
    FILE_DAMAGED:
      'Файл «{name}» повреждён или это не книга Excel. Откройте его в Excel, сохраните заново и загрузите ещё раз. Ничего не импортировано.',
    FILE_UNSUPPORTED:
      'Файл «{name}» сохранён в формате, который импорт не читает. Сохраните его как .xlsx или CSV и загрузите снова. Ничего не импортировано.',
    FILE_PASSWORD:
      'Книга «{name}» защищена паролем. Откройте её в Excel, снимите пароль, сохраните и загрузите снова. Ничего не импортировано.',
    FILE_HTML_NO_TABLE:
      'Файл «{name}» — веб-страница без таблицы, а не книга Excel. Откройте список в Excel и сохраните как .xlsx или CSV. Ничего не импортировано.',
    FILE_WEB_ARCHIVE:
      'Файл «{name}» — веб-архив (.mht), сохранённый под другим именем. Откройте его в Excel и сохраните как .xlsx или CSV. Ничего не импортировано.',
    FILE_XLS_TOO_LARGE: `Файл «{name}» в старом формате Excel (.xls) или веб-страница слишком велик для чтения: такие файлы импорт читает до ${importLimits.xlsBytes / 1024 / 1024} МБ. Сохраните его как .xlsx или CSV — их читаем до {mb} МБ. Ничего не импортировано.`,
    FILE_TOO_LARGE:
      'Файл «{name}» весит {size} МБ, а импорт принимает до {mb} МБ. Разделите его на части и импортируйте по очереди. Ничего не импортировано.',
    SHEET_NOT_FOUND: 'В файле нет такого листа. Выберите лист из списка.',
    FILE_UNPACKED_TOO_LARGE:
      'Книга «{name}» распаковывается в слишком большой объём — больше, чем читает импорт. Сохраните только список клиентов в новой книге или в CSV. Ничего не импортировано.',
    FILE_TOO_MANY_PARTS:
      'В книге «{name}» слишком много вложенных частей. Сохраните только список клиентов в новой книге или в CSV. Ничего не импортировано.',
    FILE_TOO_MANY_ROWS: `В файле «{name}» больше ${limit(importLimits.rows, 'ru-RU')} строк — столько импорт за раз не читает. Разделите файл на части и импортируйте по очереди. Ничего не импортировано.`,
    FILE_TOO_MANY_COLUMNS: `В файле «{name}» есть строка со значениями больше чем в ${limit(importLimits.columns, 'ru-RU')} столбцах. Удалите лишние столбцы и загрузите файл снова. Ничего не импортировано.`,
    FILE_CELL_TOO_LONG: `В файле «{name}» есть ячейка длиннее ${limit(importLimits.cellChars, 'ru-RU')} символов — так бывает, если в CSV не закрыта кавычка. Проверьте файл и сохраните его заново. Ничего не импортировано.`,
    FILE_UNSAFE:
      'Файл «{name}» устроен так, как Excel никогда не сохраняет (так собирают файлы для атак на программы), поэтому он не принят. Откройте список в Excel и сохраните как новую книгу. Ничего не импортировано.',
    IMPORT_BUSY: 'Ваша организация уже импортирует файл. Дождитесь окончания и попробуйте ещё раз. Ничего не импортировано.',
    VALIDATION: 'Сервер не принял файл: {detail}',
    FORBIDDEN: 'Импорт доступен владельцу и менеджеру',
    NETWORK: 'Нет связи с сервером. Проверьте подключение и попробуйте ещё раз. Ничего не импортировано.',
    UNKNOWN: 'Не получилось: {detail}',
  } as Record<string, string>,
};

export type ImportTexts = typeof ru;

const en: ImportTexts = {
  title: 'Import clients',
  toAppointments: 'Import appointments',
  mergesTitle: 'Rows added to clients already known: {count}',
  mergedRow: 'Row {row} — the same phone as a client in the base: open the card',
  intro:
    'CSV, Excel (.xlsx, .xls) or a 1C export, up to {mb} MB. You see what will happen first: nothing is written until you press “Import”.',
  roleOnly: 'Only the owner and managers can import',
  drop: 'Drop the file here',
  dropOr: 'or',
  choose: 'Choose a file',
  chosen: 'File',
  branch: 'Branch (optional)',
  noBranch: 'not set',
  sheet: 'Sheet',
  uploading: 'Uploading… {percent}%',
  checking: 'Reading the file…',
  importing: 'Importing…',
  importingRows: 'Importing: {rows} rows done ({percent}%)',
  counts: {
    rows: 'Rows in the file',
    created: 'New clients',
    merged: 'To update',
    rejected: 'Rejected',
    unchanged: 'Unchanged',
  },
  resultCounts: {
    rows: 'Rows in the file',
    created: 'Created',
    merged: 'Updated',
    rejected: 'Rejected',
    unchanged: 'Unchanged',
  },
  alreadyImported: 'This file was already imported: importing it again changes nothing.',
  mapping: 'Columns of the file',
  mappingHint: 'Check where each column goes; if one is wrong, pick another field and the preview updates.',
  noPhoneColumn: 'No phone column found. Choose the column that holds the phones: clients are matched by them.',
  column: 'Column {n}',
  skip: '— do not import —',
  fields: {
    name: 'Full name',
    lastName: 'Last name',
    firstName: 'First name',
    middleName: 'Middle name',
    phone: 'Phone',
    email: 'E-mail',
    car: 'Make and model',
    make: 'Make',
    model: 'Model',
    plate: 'Plate',
    lastVisit: 'Last visit',
    visits: 'Visits',
    comment: 'Comment',
    code: 'Code (1C)',
  },
  sample: 'First rows, as they will be imported',
  sampleHead: { row: '#', name: 'Client', phone: 'Phone', car: 'Car', lastVisit: 'Last visit', visits: 'Visits' },
  rejections: 'Will not be imported',
  rejectionsMore: '…and {n} more',
  rowNo: 'Row {n}',
  reasons: {
    NO_PHONE: 'no phone number',
    BAD_PHONE: 'the phone number is not a real number',
    BAD_DATE: 'the last-visit date is unreadable',
    ERASED_CLIENT: 'the client was erased at their request and is not imported again',
    BAD_TEXT: 'the name, car or comment holds control characters',
    TOO_LONG: 'the name, car or comment is longer than allowed',
    BAD_PLATE: 'the plate is not 4 to 12 letters, digits or dashes',
  },
  downloadRejectedRows: 'Download the rejected rows',
  commit: 'Import',
  cancel: 'Choose another file',
  done: 'Import finished',
  nothingChanged: 'Nothing changed: this file was already imported on {date}.',
  report: 'Download the rejection report',
  toClients: 'Open clients',
  another: 'Import another file',
  errors: {
    FILE_EMPTY: '“{name}” is empty. Nothing was imported.',
    FILE_NO_ROWS: '“{name}” has a header but no client rows. Nothing was imported.',
    FILE_NOT_TEXT:
      '“{name}” is not a CSV or Excel file: it is an image, an archive or another binary file that was renamed. Save the client list as CSV or .xlsx. Nothing was imported.',
    FILE_DAMAGED:
      '“{name}” is damaged or is not an Excel workbook. Open it in Excel, save it again and upload it once more. Nothing was imported.',
    FILE_UNSUPPORTED:
      '“{name}” is in a format the import does not read. Save it as .xlsx or CSV and upload that. Nothing was imported.',
    FILE_PASSWORD:
      '“{name}” is protected with a password. Open it in Excel, remove the password, save it and upload it again. Nothing was imported.',
    FILE_HTML_NO_TABLE:
      '“{name}” is a web page without a table, not an Excel workbook. Open the list in Excel and save it as .xlsx or CSV. Nothing was imported.',
    FILE_WEB_ARCHIVE:
      '“{name}” is a web archive (.mht) saved under another name. Open it in Excel and save it as .xlsx or CSV. Nothing was imported.',
    FILE_XLS_TOO_LARGE: `“{name}” is an old Excel (.xls) file or a web page too large to read: those are read up to ${importLimits.xlsBytes / 1024 / 1024} MB. Save it as .xlsx or CSV, read up to {mb} MB. Nothing was imported.`,
    FILE_TOO_LARGE:
      '“{name}” is {size} MB; the import takes files up to {mb} MB. Split it and import the parts one by one. Nothing was imported.',
    SHEET_NOT_FOUND: 'The file has no such sheet. Pick one from the list.',
    FILE_UNPACKED_TOO_LARGE:
      '“{name}” unpacks to more than the import reads. Save just the client list in a new workbook or as CSV. Nothing was imported.',
    FILE_TOO_MANY_PARTS:
      '“{name}” holds too many packed parts. Save just the client list in a new workbook or as CSV. Nothing was imported.',
    FILE_TOO_MANY_ROWS: `“{name}” has more than ${limit(importLimits.rows, 'en-US')} rows, the most the import reads at once. Split it and import the parts one by one. Nothing was imported.`,
    FILE_TOO_MANY_COLUMNS: `“{name}” has a row with values in more than ${limit(importLimits.columns, 'en-US')} columns. Delete the columns you do not need and upload it again. Nothing was imported.`,
    FILE_CELL_TOO_LONG: `“{name}” has a cell longer than ${limit(importLimits.cellChars, 'en-US')} characters, as a CSV with an unclosed quote has. Check the file and save it again. Nothing was imported.`,
    FILE_UNSAFE:
      '“{name}” is built in a way Excel never writes (the way files that attack programs are built), so it was refused. Open the list in Excel and save it as a new workbook. Nothing was imported.',
    IMPORT_BUSY: 'Your organization is already importing a file. Wait until it has finished and try again. Nothing was imported.',
    VALIDATION: 'The server did not accept the file: {detail}',
    FORBIDDEN: 'Only the owner and managers can import',
    NETWORK: 'No connection to the server. Check the network and try again. Nothing was imported.',
    UNKNOWN: 'That did not work: {detail}',
  },
};

export const importTexts = { ru, en };
