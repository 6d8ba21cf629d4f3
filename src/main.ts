// `npm start`: the whole app on embedded defaults unless configured otherwise.
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { z } from 'zod';
import { ConfigError, loadConfig } from './config.ts';
import { traceFields } from './telemetry/log-trace-fields.ts';
import { startTelemetry } from './telemetry/start-telemetry.ts';
import { chooseTelemetry, TelemetryConfigError } from './telemetry/telemetry-config.ts';
import { BotConfigError } from '../bot/bot-config.ts';

const logger = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: { service: 'cp-disputes' },
  // trace_id and span_id on every record written inside a span (when telemetry is on).
  mixin: traceFields,
});

/**
 * Seconds between a shutdown signal and closing: /readyz answers 503 meanwhile, so the load
 * balancer stops sending requests while those in flight finish. 0 (the default) closes at once.
 */
const DrainSeconds = z.coerce.number().int().min(0).max(300).default(0);

try {
  const config = loadConfig(process.env);
  logger.level = config.logLevel;
  const drain = DrainSeconds.safeParse(process.env.DRAIN_SECONDS);
  if (!drain.success) throw new ConfigError('DRAIN_SECONDS: must be a whole number of seconds from 0 to 300');
  // Telemetry first, so its instrumentation is in place before the app loads its modules.
  const telemetry = await startTelemetry(chooseTelemetry(process.env));
  const { startApp } = await import('./start-app.ts');
  const app = await startApp(config, logger);
  logger.info(
    { url: `http://${config.host}:${config.port}`, telemetry: telemetry.kind },
    'CP Disputes is listening',
  );
  const shutdown = async (signal: string) => {
    logger.info({ signal, drainSeconds: drain.data }, 'shutting down: /readyz now answers 503');
    app.drain();
    if (drain.data > 0) await sleep(drain.data * 1000);
    let code = 0;
    try {
      await app.stop();
    } catch (e) {
      logger.error(
        { err: { type: (e as Error).name, stack: (e as Error).stack } },
        'shutdown: stopping failed',
      );
      code = 1;
    }
    // A telemetry back end that cannot be reached must not turn a clean stop into a crash.
    await telemetry
      .shutdown()
      .catch((e: Error) =>
        logger.warn({ err: { type: e.name, message: e.message } }, 'telemetry not flushed'),
      );
    process.exit(code);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
} catch (e) {
  if (e instanceof ConfigError || e instanceof BotConfigError || e instanceof TelemetryConfigError) {
    logger.fatal(`configuration refused: ${e.message}`);
    process.exit(78);
  }
  throw e;
}
