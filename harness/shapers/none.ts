// No shaping: servers on loopback, browser runs here. Rows record shaping_check "n/a".
import type { Shaper, ShapedLink } from './shaper.ts';

export const noneShaper: Shaper = {
  name: 'none',
  async start(profile): Promise<ShapedLink> {
    return {
      profile,
      info: { shaper: 'none', congestionControl: '', queueBytes: 0 },
      serverHost: '127.0.0.1',
      serverCommandPrefix: [],
      browserCommandPrefix: [],
      browserArgs: [],
      async stop() { /* nothing to tear down */ },
    };
  },
};
