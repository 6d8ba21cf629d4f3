// Dev mode only: the test clock (like Stripe's test clocks). Setting it runs the deadline sweep
// and the outbox at once, so a person can watch a deadline pass without waiting a week.
import type { FastifyInstance } from 'fastify';
import type { AppServices } from '../../app/app-services.ts';
import { sweepDeadlines } from '../../app/deadline-sweeper.ts';
import { deliverAllDue } from '../../app/outbox-worker.ts';
import type { TestClock } from '../../app/ports/clock.ts';
import type { Delivery } from '../../app/ports/delivery.ts';
import { ClockBody } from '../request-schemas.ts';
import { parseWith } from '../validate.ts';

export function devRoutes(app: FastifyInstance, services: AppServices, clock: TestClock, delivery: Delivery) {
  app.get('/api/dev/clock', async () => ({ now: clock.now() }));
  app.post('/api/dev/clock', async (req) => {
    const { now } = parseWith(ClockBody, req.body);
    clock.set(now);
    const sweep = await sweepDeadlines(services);
    const outbox = await deliverAllDue(services, delivery);
    return { now: clock.now(), sweep, outbox };
  });
}
