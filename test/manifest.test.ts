import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { STARTER_QUESTIONS } from '../cards/starters.js';
import { welcomeCard } from '../cards/welcome.js';
import { buildAppPackage, renderManifest, validateManifest } from '../manifest/package.js';

const input = { botId: '11111111-2222-3333-4444-555555555555', publicUrl: 'https://ap-assist.example.gov.uk' };

describe('Teams app package', () => {
  it('fills the manifest from config and validates it offline against the shipped schema', async () => {
    const manifest = renderManifest(input);
    expect(await validateManifest(manifest)).toEqual([]);
    expect(manifest).toMatchObject({
      bots: [{ botId: input.botId, scopes: ['personal', 'team', 'groupChat'] }],
      validDomains: ['ap-assist.example.gov.uk'],
      staticTabs: [{ name: 'Case board', contentUrl: 'https://ap-assist.example.gov.uk/board/?inTeams=1' }],
    });
    // link/unlink only work in a team channel, so a group chat is not offered them.
    const lists = (manifest as unknown as { bots: Array<{ commandLists: Array<{ scopes: string[]; commands: Array<{ title: string }> }> }> }).bots[0]!.commandLists;
    const titles = (scope: string) => lists.filter((l) => l.scopes.includes(scope)).flatMap((l) => l.commands.map((c) => c.title));
    expect(titles('groupChat')).not.toContain('link');
    expect(titles('groupChat')).not.toContain('unlink');
    expect(titles('team')).toEqual(expect.arrayContaining(['link', 'unlink']));
    // The Teams app id stays the same across rebuilds for the same bot.
    expect(renderManifest(input).id).toBe(manifest.id);
    expect(manifest.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("offers the help card's starter questions as the bot's suggested prompts, and the card asks them", () => {
    const manifest = renderManifest(input) as unknown as { bots: Array<{ commandLists: Array<{ scopes: string[]; commands: Array<{ title: string }> }> }> };
    const titles = (scope: string) => manifest.bots[0]!.commandLists.filter((l) => l.scopes.includes(scope)).flatMap((l) => l.commands.map((c) => c.title));
    const starters = STARTER_QUESTIONS.map((s) => s.question);
    expect(titles('personal')).toEqual(expect.arrayContaining(starters));
    expect(titles('groupChat')).toEqual(expect.arrayContaining(starters));
    const card = welcomeCard([{ title: 'Ask a question', description: 'd', examples: starters }]);
    const buttons = (card.body as Array<{ type: string; actions?: Array<{ title: string; data: { msteams: { value: string } } }> }>).flatMap((e) => (e.type === 'ActionSet' ? e.actions ?? [] : []));
    // Each button shows the whole question and sends it as if typed.
    expect(buttons.map((b) => [b.title, b.data.msteams.value])).toEqual(starters.map((q) => [q, q]));
  });

  it('catches a manifest that breaks the schema', async () => {
    const broken = { ...renderManifest(input), accentColor: 'blue-ish' };
    expect((await validateManifest(broken)).length).toBeGreaterThan(0);
  });

  it('refuses a non-https public URL', () => {
    expect(() => renderManifest({ ...input, publicUrl: 'http://example.org' })).toThrow(/https/);
  });

  it('zips the manifest and both icons at the sizes Teams requires', async () => {
    const { zip } = await buildAppPackage(input);
    const files = await JSZip.loadAsync(zip);
    expect(Object.keys(files.files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const color = PNG.sync.read(await files.file('color.png')!.async('nodebuffer'));
    expect([color.width, color.height]).toEqual([192, 192]);
    const outline = PNG.sync.read(await files.file('outline.png')!.async('nodebuffer'));
    expect([outline.width, outline.height]).toEqual([32, 32]);
    let transparent = 0;
    let white = 0;
    for (let i = 0; i < outline.data.length; i += 4) {
      const [r, g, b, a] = [outline.data[i], outline.data[i + 1], outline.data[i + 2], outline.data[i + 3]];
      if (a === 0) transparent++;
      else {
        expect([r, g, b]).toEqual([255, 255, 255]);
        white++;
      }
    }
    expect(transparent).toBeGreaterThan(white);
    expect(white).toBeGreaterThan(50);
  });
});
