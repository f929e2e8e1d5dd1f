import { createInterface } from 'node:readline';
import { parse as parseLenient, printParseErrorCode, type ParseError } from 'jsonc-parser';

/**
 * JSON.parse, with a failure that says where: "not valid JSON at position 12 (value expected)".
 * Node 20's own message often gives no position, so jsonc-parser (strict options) finds it.
 */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    const errors: ParseError[] = [];
    parseLenient(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const first = errors[0];
    if (!first) return { ok: false, error: 'not valid JSON' };
    const what = printParseErrorCode(first.error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
    return { ok: false, error: `not valid JSON at position ${first.offset} (${what})` };
  }
}

/**
 * Reads JSON lines from `input`, hands each parsed object to `handle`, and writes one JSON line
 * per input line. A line that is not JSON, or that `handle` rejects, becomes `{ id, error }` and
 * the rest go on. Blank lines are skipped.
 */
export async function processJsonl(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  handle: (obj: Record<string, unknown>) => Promise<Record<string, unknown>> | Record<string, unknown>,
): Promise<{ ok: number; failed: number }> {
  let ok = 0;
  let failed = 0;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    if (!line.trim()) continue;
    const parsed = parseJson(line);
    if (!parsed.ok) {
      output.write(JSON.stringify({ id: null, error: `line is ${parsed.error}` }) + '\n');
      failed++;
      continue;
    }
    const obj = parsed.value;
    const id = obj && typeof obj === 'object' && 'id' in obj ? (obj as { id: unknown }).id : null;
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) {
      output.write(JSON.stringify({ id, error: 'line must be a JSON object' }) + '\n');
      failed++;
      continue;
    }
    try {
      output.write(JSON.stringify(await handle(obj as Record<string, unknown>)) + '\n');
      ok++;
    } catch (e) {
      output.write(JSON.stringify({ id, error: (e as Error).message }) + '\n');
      failed++;
    }
  }
  return { ok, failed };
}

export async function readAll(input: NodeJS.ReadableStream): Promise<string> {
  let s = '';
  for await (const chunk of input) s += chunk.toString();
  return s;
}
