import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseServiceKey, serviceKey } from './service-key';

describe('service keys', () => {
  it('round-trips every port and protocol', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 65535 }), fc.constantFrom('tcp' as const, 'udp' as const), (port, proto) => {
        expect(parseServiceKey(serviceKey(port, proto))).toEqual({ port, proto });
      }),
    );
  });

  it('refuses what is not a key', () => {
    for (const bad of ['65536/tcp', '443/sctp', '443', '/tcp', '0443/tcp', '443/TCP', ' 443/tcp', '443/tcp ', '-1/udp', '1e3/tcp']) {
      expect(parseServiceKey(bad), bad).toBeNull();
    }
  });

  it('never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string(), (s) => void parseServiceKey(s)));
  });
});
