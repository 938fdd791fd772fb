import base, { forbidInSources } from '../../eslint.config.mjs';

// sim-server is a game server: it builds on the game-server SDK, never on the client SDK.
// TODO(session-lib): direct mode still borrows the client SDK's session pieces; drop these
// exemptions when it moves onto @atlas/session.
const DIRECT_MODE = ['src/direct/direct-session.ts', 'src/direct/direct-server.ts', 'src/direct/direct-connection.ts'];

export default [...base, ...forbidInSources(['@atlas/client'], { exempt: DIRECT_MODE })];
