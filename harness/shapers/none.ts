// No shaping: servers on loopback, browser runs here. Rows record shaping_check "n/a".
import { LOOPBACK_ENDS, type Shaper, type ShapedLink } from './shaper.ts';

export const noneShaper: Shaper = {
  name: 'none',
  carriesUdp: true,
  async start(profile): Promise<ShapedLink> {
    return {
      profile,
      info: { shaper: 'none', congestionControl: '', queueBytes: 0 },
      ...LOOPBACK_ENDS,
      async stop() { /* nothing to tear down */ },
    };
  },
};
