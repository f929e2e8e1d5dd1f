import { PassThrough, Readable } from 'node:stream';

/** In-memory stdin/stdout/stderr for running CLI commands in process. */
export function memoryIo(stdinText = '') {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  return {
    io: { stdin: Readable.from([stdinText]), stdout, stderr },
    out: () => out,
    err: () => err,
  };
}
