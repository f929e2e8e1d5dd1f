/**
 * The bot as the benchmark runs it: the real server on a fresh SQLite file, with the bare echo
 * handler mounted beside it as the baseline. Prints READY <url> when it accepts requests.
 */
import { loadConfig } from '../config/config.js';
import { startBot } from '../bot/main.js';

const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' }, { envFile: null });
const { app, url } = await startBot(config, { echo: true });
process.stdout.write(`READY ${url}\n`);
process.on('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
