// Rate limits with @fastify/rate-limit, per address and per person, over a one-minute window:
// - every /api/* request counts against its address (the peer, or the client named by a trusted
//   proxy: TRUST_PROXY), before sign-in, so guessing tokens or dev ids is limited too;
// - a signed-in request counts against its person as well;
// - /api/messages (the bot) counts against the address and against the Teams user the activity
//   is from (read from the activity once parsed; botbuilder then checks that it was signed).
// A 429 says when to try again, in words and in Retry-After. Limits are per instance (in memory).
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from './error-mapping.ts';

export interface RateLimitSettings {
  /** Requests per minute for one signed-in person (0: no limit). */
  perPerson: number;
  /** Requests per minute from one address (0: no limit). */
  perAddress: number;
}

const WINDOW_MS = 60_000;

type Limiter = (req: FastifyRequest) => Promise<{ isAllowed: boolean; isExceeded?: boolean; ttl?: number }>;

declare module 'fastify' {
  interface FastifyInstance {
    createRateLimit(options: {
      max: number;
      timeWindow: number;
      keyGenerator: (req: FastifyRequest) => string;
    }): Limiter;
  }
}

export interface RateLimitGuards {
  /** Counts the request against its address; false when a 429 was sent. */
  byAddress(req: FastifyRequest, reply: FastifyReply): Promise<boolean>;
  /** Counts the request against `who`; false when a 429 was sent. */
  byPerson(req: FastifyRequest, reply: FastifyReply, who: string): Promise<boolean>;
}

export async function registerRateLimits(
  app: FastifyInstance,
  settings: RateLimitSettings,
): Promise<RateLimitGuards> {
  await app.register(rateLimit, { global: false });
  const make = (max: number, key: (req: FastifyRequest) => string): Limiter | null =>
    max > 0 ? app.createRateLimit({ max, timeWindow: WINDOW_MS, keyGenerator: key }) : null;
  const address = make(settings.perAddress, (req) => `address:${req.ip}`);
  // Whom a request counts against, given per call: the limiter's key generator reads it back.
  const whoseRequest = new WeakMap<FastifyRequest, string>();
  const person = make(settings.perPerson, (req) => `person:${whoseRequest.get(req) ?? ''}`);

  const check = async (limiter: Limiter | null, req: FastifyRequest, reply: FastifyReply, whose: string) => {
    if (!limiter) return true;
    const result = await limiter(req);
    if (result.isAllowed || !result.isExceeded) return true;
    const seconds = Math.max(1, Math.ceil((result.ttl ?? WINDOW_MS) / 1000));
    reply.header('retry-after', String(seconds));
    await sendError(reply, 429, {
      error: 'too-many-requests',
      message: `Too many requests ${whose} in a minute: try again in ${seconds} second${seconds === 1 ? '' : 's'}.`,
    });
    return false;
  };
  return {
    byAddress: (req, reply) => check(address, req, reply, 'from this address'),
    byPerson: (req, reply, id) => {
      whoseRequest.set(req, id);
      return check(person, req, reply, 'from you');
    },
  };
}
