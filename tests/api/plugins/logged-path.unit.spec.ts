import { describe, expect, it } from 'vitest';
import { loggedPath } from '../../../api/plugins/logged-path.ts';

describe('What the log keeps of a request’s address', () => {
  it('keeps ids and drops the query, but logs a plate’s route by its pattern', () => {
    expect(loggedPath('/api/bookings/4f0c5b7e-1d2a-4c3b-9e8f-0a1b2c3d4e5f?x=1', '/api/bookings/:id')).toBe(
      '/api/bookings/4f0c5b7e-1d2a-4c3b-9e8f-0a1b2c3d4e5f',
    );
    expect(loggedPath('/api/work-orders/w1/photos/p1', '/api/work-orders/:id/photos/:photoId')).toBe(
      '/api/work-orders/w1/photos/p1',
    );
    expect(loggedPath('/api/cars/%D0%90123%D0%92%D0%A177', '/api/cars/:plate')).toBe('/api/cars/:plate');
    expect(loggedPath('/api/clients?q=%D0%90%D0%BD%D0%BD%D0%B0', '/api/clients')).toBe('/api/clients');
    expect(loggedPath('/no/such/route?phone=79161234567', undefined)).toBe('/no/such/route');
  });
});
