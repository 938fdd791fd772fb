// The worked hex examples of README.md and docs/compression.md: decoded and re-encoded here,
// so the documents stay true to the code.
import { createCompressor } from './compressor';
import { applyDelta, encodeDelta } from './delta-codec';
import { readDeltaHeader } from './delta-format';

const bytes = (hex: string): Uint8Array => Uint8Array.from(hex.split(' ').map((h) => parseInt(h, 16)));
const sixtyFourAs = new Uint8Array(64).fill(0x41);

describe('documented wire examples', () => {
  it.each([
    ['none', `00 ${Array(64).fill('41').join(' ')}`],
    ['lz4', '01 40 1f 41 01 00 27 50 41 41 41 41 41'],
    ['deflate', '02 40 73 a4 10 00 00'],
  ] as const)('frames 64 x 0x41 with %s as documented', (algorithm, hex) => {
    const compressor = createCompressor({ algorithm, threshold: 0 });
    expect(compressor.compress(sixtyFourAs)).toEqual(bytes(hex));
    expect(compressor.decompress(bytes(hex))).toEqual({ _tag: 'Right', right: sixtyFourAs });
  });

  it('sends a 3-byte payload raw under the default threshold', () => {
    expect(createCompressor({ algorithm: 'lz4' }).compress(Uint8Array.of(1, 2, 3))).toEqual(bytes('00 01 02 03'));
  });

  it('encodes the documented delta', () => {
    const base = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
    const target = Uint8Array.of(1, 2, 3, 4, 0xff, 0xfe, 7, 8, 9, 10, 11, 12, 13);
    const delta = bytes('01 0c 95 7a 1d 55 0d 66 b8 84 09 10 09 ff fe 18 05 0d');
    expect(encodeDelta(base, target)).toEqual(delta);
    expect(applyDelta(base, delta)).toEqual({ _tag: 'Right', right: target });
    expect(readDeltaHeader(delta)).toMatchObject({ right: { baseHash: 0x551d7a95, targetHash: 0x0984b866 } });
  });
});
