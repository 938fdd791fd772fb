// A game server answers each node at the newest version both speak, and its frames to a
// version-1 node are version-1 frames (real sockets).
import { boot, until, type Booted } from '../../test/boot';

describe('link protocol versions', () => {
  let b: Booted;
  beforeEach(async () => {
    b = await boot({ heartbeatMs: 100 });
  });
  afterEach(() => b.stop());

  it.each([1, 2])('answers a node announcing version %i at that version, in LinkWelcome and every later frame', async (version) => {
    const node = await b.link({ version, answerPings: false });
    expect(node.welcome.version).toBe(version);
    await until(() => b.server.links.length === 1);
    expect(b.server.links[0]?.version).toBe(version);
    // The server pings every heartbeat: every frame it writes carries the link's version.
    await node.next('Ping');
    expect(node.frameVersions.length).toBeGreaterThan(0);
    expect(new Set(node.frameVersions)).toEqual(new Set([version]));
  });
});
