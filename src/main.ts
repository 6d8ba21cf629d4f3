// `npm start`: the whole app on embedded defaults unless configured otherwise.
import { pino } from 'pino';
import { ConfigError, loadConfig } from './config.ts';
import { startApp } from './start-app.ts';
import { BotConfigError } from '../bot/bot-config.ts';

const logger = pino({ level: process.env.LOG_LEVEL ?? 'info', base: { service: 'cp-disputes' } });

try {
  const config = loadConfig(process.env);
  logger.level = config.logLevel;
  const app = await startApp(config, logger);
  logger.info({ url: `http://${config.host}:${config.port}` }, 'CP Disputes is listening');
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await app.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
} catch (e) {
  if (e instanceof ConfigError || e instanceof BotConfigError) {
    logger.fatal(`configuration refused: ${e.message}`);
    process.exit(78);
  }
  throw e;
}
