import { createRequire } from 'node:module';

// PT Sans (OFL-1.1, ParaType) was drawn for Russian: ₽, №, «», Ё. The file is resolved, not imported
// (the package's index is for React Native).
export const fontOf = (file: string) => createRequire(import.meta.url).resolve(`@expo-google-fonts/pt-sans/${file}`);
