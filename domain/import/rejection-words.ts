import type { RejectionReason } from './normalize.ts';

/** Why a row was not imported, in words: the rejection report and the import page say the same. */
export const rejectionWords: Record<'ru' | 'en', Record<RejectionReason, string>> = {
  ru: {
    NO_PHONE: 'нет телефона',
    BAD_PHONE: 'телефон не похож на настоящий номер',
    ERASED_CLIENT: 'клиент удалён по его просьбе и не импортируется снова',
    BAD_TEXT: 'в имени, автомобиле или комментарии есть служебные символы',
    TOO_LONG: 'имя, автомобиль или комментарий длиннее допустимого',
    BAD_PLATE: 'госномер не похож на номер: нужно от 4 до 12 букв, цифр или дефисов',
  },
  en: {
    NO_PHONE: 'no phone number',
    BAD_PHONE: 'the phone number is not a real number',
    ERASED_CLIENT: 'the client was erased at their request and is not imported again',
    BAD_TEXT: 'the name, car or comment holds control characters',
    TOO_LONG: 'the name, car or comment is longer than allowed',
    BAD_PLATE: 'the plate is not 4 to 12 letters, digits or dashes',
  },
};
