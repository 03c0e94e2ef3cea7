import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../../shared/contract';
import type { PortApi } from '../../shared/contract';
import { withCapturePicker } from './capture-picker';

const CAPTURE = fileURLToPath(new URL('../core/sampler/fixtures/captures/lsof-p-grep-names-loki-11011.txt', import.meta.url));

function service() {
  const calls: string[] = [];
  const api = Object.fromEntries(METHOD_NAMES.map((m) => [m, async () => (calls.push(m), { method: m })])) as unknown as PortApi;
  return { api, calls };
}

describe('withCapturePicker', () => {
  it('reads the picked file with the core reader, names it by its file name, and passes other methods on', async () => {
    const { api, calls } = service();
    const wrapped = withCapturePicker(api, async () => CAPTURE);
    const capture = await wrapped.openCaptureFile({});
    expect(capture).toMatchObject({ name: 'lsof-p-grep-names-loki-11011.txt', source: { format: 'lsof', rowsKept: 5 } });
    await wrapped.getStatus({});
    expect(calls).toEqual(['getStatus']);
  });

  it('answers null when the picker is cancelled, and the reason when the file cannot be read', async () => {
    const { api } = service();
    expect(await withCapturePicker(api, async () => null).openCaptureFile({})).toBeNull();
    await expect(withCapturePicker(api, async () => '/no/such/capture.txt').openCaptureFile({})).rejects.toThrow('cannot read /no/such/capture.txt: no such file');
  });
});
