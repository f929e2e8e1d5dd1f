/**
 * Where the Teams SSO token comes from when the board runs inside Teams. It is asked for before
 * every call: Teams caches the token and renews it before it expires, so a tab left open for
 * hours keeps working, whereas a token fetched once at start-up lapses after about an hour.
 */
let tokenSource: (() => Promise<string>) | undefined;

export function setTokenSource(source: () => Promise<string>): void {
  tokenSource = source;
}

async function authHeaders(): Promise<Record<string, string>> {
  return tokenSource ? { authorization: `Bearer ${await tokenSource()}` } : {};
}

async function fetchOk(path: string): Promise<Response> {
  const res = await fetch(path, { headers: await authHeaders() });
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { error?: string };
    throw new Error(body.error ?? `Request failed (${res.status})`);
  }
  return res;
}

/** Sends JSON to the API with the sign-in token; an answer that is not 2xx throws its message. */
export async function post<T>(path: string, body: unknown): Promise<T> {
  const res = await fetch(path, { method: 'POST', headers: { ...(await authHeaders()), 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) {
    const err = (await res.json().catch(() => ({}))) as { error?: string };
    throw new Error(err.error ?? `Request failed (${res.status})`);
  }
  return (await res.json()) as T;
}

export async function api<T>(path: string): Promise<T> {
  return (await (await fetchOk(path)).json()) as T;
}

/**
 * Downloads a file from the API with the sign-in token and saves it. A plain link cannot carry
 * the token, so with credentials set it would get 401.
 */
export async function download(path: string, fallbackName: string): Promise<void> {
  const res = await fetchOk(path);
  const name = res.headers.get('content-disposition')?.match(/filename="([^"]+)"/)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
