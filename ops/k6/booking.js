// Booking load for a station's own server: k6 run -e BASE_URL=http://127.0.0.1:3000 -e EMAIL=… -e PASSWORD=… ops/k6/booking.js
// Each iteration asks for a free start and books it; conflicts (409) are expected under load and counted apart.
import http from 'k6/http';
import { check } from 'k6';
import { Counter } from 'k6/metrics';

export const options = {
  scenarios: { book: { executor: 'constant-vus', vus: Number(__ENV.VUS || 16), duration: __ENV.DURATION || '30s' } },
  thresholds: { 'http_req_duration{name:book}': ['p(95)<250'] },
};

const conflicts = new Counter('booking_conflicts');
const base = __ENV.BASE_URL || 'http://127.0.0.1:3000';

export function setup() {
  const login = http.post(`${base}/api/auth/login`, JSON.stringify({ email: __ENV.EMAIL, password: __ENV.PASSWORD }), {
    headers: { 'content-type': 'application/json' },
  });
  const token = login.json('token');
  const auth = { headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } };
  const branch = http.get(`${base}/api/branches`, auth).json()[0];
  const service = http.get(`${base}/api/services?branchId=${branch.id}`, auth).json()[0];
  return { auth, branchId: branch.id, serviceId: service.id };
}

export default function (data) {
  const day = new Date(Date.now() + (1 + Math.floor(Math.random() * 13)) * 86400000).toISOString().slice(0, 10);
  const free = http.get(`${base}/api/availability?branchId=${data.branchId}&serviceId=${data.serviceId}&date=${day}`, data.auth).json('slots');
  if (!free || free.length === 0) return;
  const slot = free[Math.floor(Math.random() * free.length)];
  const phone = `+7999${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
  const response = http.post(
    `${base}/api/bookings`,
    JSON.stringify({ branchId: data.branchId, serviceId: data.serviceId, start: slot.start, client: { name: 'Нагрузочный тест', phone }, channel: 'web' }),
    Object.assign({ tags: { name: 'book' } }, data.auth),
  );
  if (response.status === 409) conflicts.add(1);
  check(response, { 'booked or refused cleanly': (r) => r.status === 201 || r.status === 409 });
}
