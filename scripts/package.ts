/** `npm run package`: writes the Teams app package for this deployment to build/. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { ConfigError, loadPackageSettings } from '../config/config.js';
import { fromRoot } from '../common/paths.js';
import { buildAppPackage } from '../manifest/package.js';

try {
  const { appId, publicUrl } = loadPackageSettings(process.env);
  const missing = [appId ? '' : "MicrosoftAppId (the bot's app id)", publicUrl ? '' : 'PUBLIC_URL (the https address Teams reaches this server on)'].filter(Boolean);
  if (!appId || !publicUrl) {
    process.stderr.write(`npm run package needs these settings (in the environment or .env):\n${missing.map((m) => `  - ${m}\n`).join('')}`);
    process.exit(2);
  }
  const { zip } = await buildAppPackage({ botId: appId, publicUrl });
  mkdirSync(fromRoot('build'), { recursive: true });
  const out = fromRoot('build', 'ap-assist-teams-app.zip');
  writeFileSync(out, zip);
  process.stdout.write(`Wrote ${out} (manifest validated against its schema). Upload it in Teams: Apps → Manage your apps → Upload an app.\n`);
} catch (e) {
  process.stderr.write((e instanceof ConfigError ? e.message : `package: ${(e as Error).message}`) + '\n');
  process.exit(1);
}
