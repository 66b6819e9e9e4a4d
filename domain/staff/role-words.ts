/** A staff role as Russian papers and downloads name it (the panel has its own, with English). */
export const roleWords: Readonly<Record<string, string>> = {
  owner: 'владелец',
  manager: 'менеджер',
  mechanic: 'механик',
  compliance: 'ответственный за персональные данные',
};
