import base, { forbidInSources } from '../../eslint.config.mjs';

// sim-server is a game server: it builds on the game-server SDK and @atlas/session, never
// on the client SDK (its tests may use it, to drive it as real players do).
export default [...base, ...forbidInSources(['@atlas/client'])];
