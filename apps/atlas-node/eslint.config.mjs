import base, { forbidInSources } from '../../eslint.config.mjs';

// The node speaks to game servers and players through protocol and crypto, not through
// either SDK: a change to an SDK must never change the node.
export default [...base, ...forbidInSources(['@atlas/server-sdk', '@atlas/client'])];
