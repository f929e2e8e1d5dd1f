import { SignJWT, createLocalJWKSet, exportJWK, generateKeyPair } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { BoardAuthError, boardAuthenticator } from '../board/auth.js';

const APP = '11111111-2222-3333-4444-555555555555';
const TID = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

describe('case board authentication', () => {
  let sign: (claims: Record<string, unknown>, opts?: { expired?: boolean; otherKey?: boolean }) => Promise<string>;
  let authenticate: ReturnType<typeof boardAuthenticator>;

  beforeAll(async () => {
    const entra = await generateKeyPair('RS256');
    const attacker = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(entra.publicKey)), kid: 'k1', alg: 'RS256' };
    authenticate = boardAuthenticator({ appId: APP, publicHost: 'ap.example.gov.uk', keys: createLocalJWKSet({ keys: [jwk] }) });
    sign = async (claims, opts = {}) =>
      new SignJWT({ tid: TID, oid: 'officer-1', name: 'Officer', scp: 'access_as_user', ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuer(`https://login.microsoftonline.com/${TID}/v2.0`)
        .setAudience((claims.aud as string) ?? `api://ap.example.gov.uk/${APP}`)
        .setIssuedAt()
        .setExpirationTime(opts.expired ? Math.floor(Date.now() / 1000) - 60 : '1h')
        .sign(opts.otherKey ? attacker.privateKey : entra.privateKey);
  });

  it('accepts a Teams SSO token for this app and names the user', async () => {
    const who = await authenticate({ authorization: `Bearer ${await sign({})}`, remoteAddress: '10.0.0.9' });
    expect(who).toMatchObject({ aadObjectId: 'officer-1', tenantId: TID, local: false });
  });

  it.each([
    ['no token', async () => undefined],
    ['an expired token', async () => `Bearer ${await sign({}, { expired: true })}`],
    ['a token signed by someone else', async () => `Bearer ${await sign({}, { otherKey: true })}`],
    ['a token for another app', async () => `Bearer ${await sign({ aud: 'api://elsewhere/99999999-0000-0000-0000-000000000000' })}`],
    ["another host's Application ID URI for this app id", async () => `Bearer ${await sign({ aud: `api://attacker.example.com/${APP}` })}`],
    ['an app-only token (no scp)', async () => `Bearer ${await sign({ scp: undefined, roles: ['Cases.Read.All'] })}`],
    ['a token without access_as_user', async () => `Bearer ${await sign({ scp: 'User.Read' })}`],
  ])('rejects %s with 401', async (_name, header) => {
    const err = await authenticate({ authorization: await header(), remoteAddress: '127.0.0.1' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BoardAuthError);
    expect((err as BoardAuthError).status).toBe(401);
  });

  it('accepts the bare app id as audience too', async () => {
    await expect(authenticate({ authorization: `Bearer ${await sign({ aud: APP })}`, remoteAddress: '10.0.0.9' })).resolves.toMatchObject({ aadObjectId: 'officer-1' });
  });

  it('in local mode admits loopback callers only', async () => {
    const local = boardAuthenticator({});
    await expect(local({ remoteAddress: '127.0.0.1' })).resolves.toMatchObject({ local: true });
    await expect(local({ remoteAddress: '::1' })).resolves.toMatchObject({ local: true });
    await expect(local({ remoteAddress: '192.168.1.20' })).rejects.toMatchObject({ status: 403 });
  });
});
