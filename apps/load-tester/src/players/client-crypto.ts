// The synchronous crypto backend the simulated clients use: @atlas/crypto/node, so a
// tester thread spends microseconds, not WebCrypto's promise round trips, per frame.
import type { SyncCryptoBackend } from '@atlas/client';
import * as nodeCrypto from '@atlas/crypto/node';

/** The backend passed to every AtlasClient of the tester. */
export const clientCrypto: SyncCryptoBackend = nodeCrypto;
