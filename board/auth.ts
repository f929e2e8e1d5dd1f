import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';

/** Who is calling the case board API. */
export interface BoardIdentity {
  aadObjectId: string;
  tenantId?: string;
  name?: string;
  /** Local mode: the developer on this machine, who sees everything. */
  local: boolean;
}

export class BoardAuthError extends Error {
  constructor(
    message: string,
    readonly status: 401 | 403,
  ) {
    super(message);
    this.name = 'BoardAuthError';
  }
}

export interface BoardAuthOptions {
  /** Bot app id; the Teams SSO token's audience is it or api://<publicHost>/<it>. */
  appId?: string;
  /** The host of PUBLIC_URL: the one Application ID URI the board accepts is api://<it>/<appId>. */
  publicHost?: string;
  /** Only tokens from this tenant, when set (single-tenant deployments). */
  tenantId?: string;
  /** Entra ID signing keys; injectable so tests can sign their own tokens. */
  keys?: JWTVerifyGetKey;
}

const ENTRA_KEYS = 'https://login.microsoftonline.com/common/discovery/v2.0/keys';
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Authenticates a case board API call. With bot credentials configured it requires a Teams SSO
 * token validated against Entra ID; in local mode it admits loopback callers only.
 *
 * @example
 * const authenticate = boardAuthenticator({ appId: config.credentials.appId });
 * const who = await authenticate({ authorization: req.headers.authorization, remoteAddress: req.socket.remoteAddress });
 */
export function boardAuthenticator(opts: BoardAuthOptions) {
  const keys = opts.appId ? (opts.keys ?? createRemoteJWKSet(new URL(ENTRA_KEYS))) : undefined;
  return async (req: { authorization?: string; remoteAddress?: string }): Promise<BoardIdentity> => {
    if (!opts.appId || !keys) {
      if (!req.remoteAddress || !LOOPBACK.has(req.remoteAddress)) {
        throw new BoardAuthError('The case board is only available from this machine in local mode', 403);
      }
      return { aadObjectId: 'local', name: 'Local user', local: true };
    }
    const token = req.authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
    if (!token) throw new BoardAuthError('Sign-in required: open the case board in Teams', 401);
    try {
      const { payload } = await jwtVerify(token, keys, { algorithms: ['RS256'] });
      // A Teams SSO token for the tab carries the app's Application ID URI, api://<PUBLIC_URL host>/<appId>,
      // or the bare app id. Any other host's URI ending in our id is someone else's registration.
      const audiences = (Array.isArray(payload.aud) ? payload.aud : [payload.aud]).filter((a): a is string => typeof a === 'string');
      const allowed = new Set([opts.appId, ...(opts.publicHost ? [`api://${opts.publicHost.toLowerCase()}/${opts.appId}`] : [])]);
      if (!audiences.some((a) => allowed.has(a.replace(/^api:\/\/([^/]+)\//, (_m, host: string) => `api://${host.toLowerCase()}/`)))) {
        throw new BoardAuthError('Token is not for this app', 401);
      }
      // Only a delegated token (a signed-in user consenting to the board) may read cases; an app-only
      // token has no scp, and a token for another scope of the app was not issued for the board.
      const scopes = typeof payload.scp === 'string' ? payload.scp.split(' ') : [];
      if (!scopes.includes('access_as_user')) throw new BoardAuthError('Token was not issued for signed-in use of the case board', 401);
      const tid = typeof payload.tid === 'string' ? payload.tid : undefined;
      const iss = String(payload.iss ?? '');
      if (!tid || !(iss === `https://login.microsoftonline.com/${tid}/v2.0` || iss === `https://sts.windows.net/${tid}/`)) {
        throw new BoardAuthError('Token issuer is not Entra ID for its tenant', 401);
      }
      if (opts.tenantId && tid !== opts.tenantId) throw new BoardAuthError('Token is from another tenant', 403);
      const oid = typeof payload.oid === 'string' ? payload.oid : undefined;
      if (!oid) throw new BoardAuthError('Token has no user', 401);
      return { aadObjectId: oid, tenantId: tid, name: typeof payload.name === 'string' ? payload.name : undefined, local: false };
    } catch (e) {
      if (e instanceof BoardAuthError) throw e;
      throw new BoardAuthError('Invalid or expired sign-in token', 401);
    }
  };
}
