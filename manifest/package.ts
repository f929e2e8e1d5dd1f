import { STARTER_QUESTIONS } from '../cards/starters.js';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AppManifestUtils } from '@microsoft/app-manifest';
import JSZip from 'jszip';
import { fromRoot } from '../common/paths.js';
import { colorIcon, outlineIcon } from './icons.js';

export interface PackageInput {
  /** The Bot Framework app id (MicrosoftAppId). */
  botId: string;
  /** Public https base URL of this server. */
  publicUrl: string;
  version?: string;
  /** The Teams app id; derived from the bot id when not given, so rebuilds keep it. */
  appId?: string;
}

/** A stable UUID derived from the bot id, so re-packaging does not create a new Teams app. */
function derivedAppId(botId: string): string {
  const h = createHash('sha1').update('ap-assist-teams-app:' + botId).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function renderManifest(input: PackageInput): Record<string, unknown> {
  const url = new URL(input.publicUrl);
  if (url.protocol !== 'https:') throw new Error(`PUBLIC_URL must be https for Teams, got ${input.publicUrl}`);
  const values: Record<string, string> = {
    version: input.version ?? (JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { version: string }).version,
    appId: input.appId ?? derivedAppId(input.botId),
    botId: input.botId,
    publicUrl: url.origin,
    publicHost: url.host,
  };
  const template = readFileSync(fromRoot('manifest', 'manifest.template.json'), 'utf8');
  const filled = template.replace(/\{\{(\w+)\}\}/g, (_m, key: string) => {
    const v = values[key];
    if (v === undefined) throw new Error(`manifest template names an unknown value {{${key}}}`);
    return v;
  });
  const manifest = JSON.parse(filled) as Record<string, unknown> & { bots: Array<{ commandLists: Array<{ scopes: string[]; commands: Array<{ title: string; description: string }> }> }> };
  // The help card's starter questions are also the bot's suggested prompts where questions are asked.
  for (const list of manifest.bots[0]!.commandLists) {
    if (list.scopes.includes('personal') || list.scopes.includes('groupChat')) {
      list.commands.push(...STARTER_QUESTIONS.map((s) => ({ title: s.question, description: s.description })));
    }
  }
  return manifest;
}

/** Schema problems, checked offline against the schema the package ships. */
export async function validateManifest(manifest: Record<string, unknown>): Promise<string[]> {
  return AppManifestUtils.validateAgainstSchema(manifest as never);
}

/**
 * Builds the Teams app package: manifest.json with ids and URLs filled in, and both icons.
 *
 * @example
 * const zip = await buildAppPackage({ botId: config.credentials.appId, publicUrl: 'https://ap.example.gov.uk' });
 */
export async function buildAppPackage(input: PackageInput): Promise<{ zip: Buffer; manifest: Record<string, unknown> }> {
  const manifest = renderManifest(input);
  const problems = await validateManifest(manifest);
  if (problems.length) throw new Error(`The app manifest does not match its schema:\n${problems.join('\n')}`);
  const zip = new JSZip();
  zip.file('manifest.json', JSON.stringify(manifest, null, 2));
  zip.file('color.png', colorIcon());
  zip.file('outline.png', outlineIcon());
  return { zip: await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }), manifest };
}
