import { health } from '../../contract/settings.ts';
import type { ContractApp } from '../contract-app.ts';

export const healthRoutes = async (app: ContractApp) => {
  app.get(
    '/health',
    {
      config: { public: true },
      schema: { tags: ['ops'], response: { 200: health } },
    },
    async () => ({ status: 'ok' }),
  );
};
