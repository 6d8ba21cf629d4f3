// Dev mode only: the test clock (like Stripe's test clocks). Setting it runs the deadline sweep
// and the outbox at once, so a person can watch a deadline pass without waiting a week.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppServices } from '../../app/app-services.ts';
import { sweepDeadlines } from '../../app/deadline-sweeper.ts';
import { deliverAllDue } from '../../app/outbox-worker.ts';
import type { TestClock } from '../../app/ports/clock.ts';
import type { Delivery } from '../../app/ports/delivery.ts';
import { ClockBody, ClockSchema, ClockSetSchema, DevPeopleSchema } from '../../contract/dev.ts';
import { apiErrors } from '../../contract/errors.ts';

export function devRoutes(app: FastifyInstance, services: AppServices, clock: TestClock, delivery: Delivery) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/api/dev/clock',
    {
      schema: {
        summary: 'Read the test clock (dev mode only)',
        response: { 200: ClockSchema, ...apiErrors },
      },
    },
    async () => ({ now: clock.now() }),
  );
  api.post(
    '/api/dev/clock',
    {
      schema: {
        summary: 'Set the test clock and run the deadline sweep and the outbox (dev mode only)',
        body: ClockBody,
        response: { 200: ClockSetSchema, ...apiErrors },
      },
    },
    async (req) => {
      clock.set(req.body.now);
      const sweep = await sweepDeadlines(services);
      const outbox = await deliverAllDue(services, delivery);
      return { now: clock.now(), sweep, outbox };
    },
  );
}

/** Dev sign-in only: who can be chosen in the tab's person switcher, before anyone is signed in. */
export function devPeopleRoute(app: FastifyInstance, services: AppServices) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/dev/people',
    {
      config: { public: true },
      schema: {
        summary: 'People the tab’s person switcher offers (dev sign-in only; no sign-in needed)',
        response: { 200: DevPeopleSchema },
      },
    },
    async () =>
      (await services.directory.all())
        .filter((p) => !p.mailbox)
        .map((p) => ({ id: p.id, name: p.name, jobTitle: p.jobTitle })),
  );
}
