/**
 * The process streams a command talks to, passed in rather than reached for, and a write that
 * waits until the bytes are handed to the OS so an exit right after never cuts output short.
 */

/** What a command needs from its process. */
export interface CliContext {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  env: Readonly<Record<string, string | undefined>>;
}

/** Writes text and resolves once the stream has taken it. */
export function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (text === '') return Promise.resolve();
  return new Promise((resolve, reject) => {
    stream.write(text, (error) => (error ? reject(error) : resolve()));
  });
}

/** An error's message without a stack, for one-line reports. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
