/** A staff role as Russian papers and downloads name it (the panel has its own, with English). */
export const roleWords: Readonly<Record<string, string>> = {
  owner: 'владелец',
  manager: 'администратор',
  mechanic: 'механик',
  compliance: 'ответственный за персональные данные',
};
