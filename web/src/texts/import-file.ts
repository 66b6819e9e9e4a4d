import { importLimits } from '../../../domain/import/limits.ts';

const limit = (value: number, locale: string) => value.toLocaleString(locale);

/**
 * What both import pages (clients and the diary of visits) say when a file itself is refused, by the
 * server's code; {name} is the file, {size} its megabytes, {mb} the largest file taken.
 */
const ru = {
  FILE_EMPTY: 'Файл «{name}» пустой. Ничего не импортировано.',
  FILE_NOT_TEXT:
    'Файл «{name}» — не CSV и не Excel: это картинка, архив или другой двоичный файл, просто переименованный. Сохраните список как CSV или .xlsx. Ничего не импортировано.',
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
    'Книга «{name}» распаковывается в слишком большой объём — больше, чем читает импорт. Сохраните только нужный список в новой книге или в CSV. Ничего не импортировано.',
  FILE_TOO_MANY_PARTS:
    'В книге «{name}» слишком много вложенных частей. Сохраните только нужный список в новой книге или в CSV. Ничего не импортировано.',
  FILE_TOO_MANY_ROWS: `В файле «{name}» больше ${limit(importLimits.rows, 'ru-RU')} строк — столько импорт за раз не читает. Разделите файл на части и импортируйте по очереди. Ничего не импортировано.`,
  FILE_TOO_MANY_COLUMNS: `В файле «{name}» есть строка со значениями больше чем в ${limit(importLimits.columns, 'ru-RU')} столбцах. Удалите лишние столбцы и загрузите файл снова. Ничего не импортировано.`,
  FILE_CELL_TOO_LONG: `В файле «{name}» есть ячейка длиннее ${limit(importLimits.cellChars, 'ru-RU')} символов — так бывает, если в CSV не закрыта кавычка. Проверьте файл и сохраните его заново. Ничего не импортировано.`,
  FILE_BAD_QUOTES:
    'В файле «{name}» в строке {row} поле начинается с кавычки, которая не закрыта до конца поля, — из-за этого следующие строки слились бы в одну. Уберите лишнюю кавычку (или удвойте её: "") и загрузите файл снова. Ничего не импортировано.',
  FILE_UNSAFE:
    'Файл «{name}» устроен так, как Excel никогда не сохраняет (так собирают файлы для атак на программы), поэтому он не принят. Откройте список в Excel и сохраните как новую книгу. Ничего не импортировано.',
  IMPORT_BUSY: 'Ваша организация уже импортирует файл. Дождитесь окончания и попробуйте ещё раз. Ничего не импортировано.',
  NETWORK: 'Нет связи с сервером. Проверьте подключение и попробуйте ещё раз. Ничего не импортировано.',
} as Record<string, string>;

const en: typeof ru = {
  FILE_EMPTY: '“{name}” is empty. Nothing was imported.',
  FILE_NOT_TEXT:
    '“{name}” is not a CSV or Excel file: it is an image, an archive or another binary file that was renamed. Save the list as CSV or .xlsx. Nothing was imported.',
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
    '“{name}” unpacks to more than the import reads. Save just the list you need in a new workbook or as CSV. Nothing was imported.',
  FILE_TOO_MANY_PARTS:
    '“{name}” holds too many packed parts. Save just the list you need in a new workbook or as CSV. Nothing was imported.',
  FILE_TOO_MANY_ROWS: `“{name}” has more than ${limit(importLimits.rows, 'en-US')} rows, the most the import reads at once. Split it and import the parts one by one. Nothing was imported.`,
  FILE_TOO_MANY_COLUMNS: `“{name}” has a row with values in more than ${limit(importLimits.columns, 'en-US')} columns. Delete the columns you do not need and upload it again. Nothing was imported.`,
  FILE_CELL_TOO_LONG: `“{name}” has a cell longer than ${limit(importLimits.cellChars, 'en-US')} characters, as a CSV with an unclosed quote has. Check the file and save it again. Nothing was imported.`,
  FILE_BAD_QUOTES:
    'In “{name}”, a field in row {row} opens with a quote that does not close before the field ends, so the rows after it would run into one. Remove the stray quote (or double it: "") and upload the file again. Nothing was imported.',
  FILE_UNSAFE:
    '“{name}” is built in a way Excel never writes (the way files that attack programs are built), so it was refused. Open the list in Excel and save it as a new workbook. Nothing was imported.',
  IMPORT_BUSY: 'Your organization is already importing a file. Wait until it has finished and try again. Nothing was imported.',
  NETWORK: 'No connection to the server. Check the network and try again. Nothing was imported.',
};

export const fileErrorTexts = { ru, en };
