import fc from 'fast-check';
import { coerceString } from './coerce';
import { CONFIG_KEYS } from './index';
import { didYouMean, editDistance } from './did-you-mean';

describe('value codecs', () => {
  it('never throw and always classify a failure, whatever the input', () => {
    fc.assert(
      fc.property(fc.anything(), fc.constantFrom(...CONFIG_KEYS), (value, info) => {
        const result = info.codec.decode(value);
        if (result._tag === 'Left') expect(result.left[0]?.message).toMatch(/^(wrong_type|out_of_range|bad_enum|bad_format)$/);
      }),
      { numRuns: 500 },
    );
  });

  it('accept a default written out as an env string and read back', () => {
    for (const info of CONFIG_KEYS) {
      expect(info.codec.decode(coerceString(info.codec.kind, String(info.default)))._tag).toBe('Right');
    }
  });

  it('read every finite number back from its string form', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        // String(-0) is "0", so compare with === (which equates 0 and -0).
        expect(coerceString('number', String(n)) === n).toBe(true);
      }),
    );
  });
});

describe('did you mean', () => {
  it('measures edits', () => {
    expect(editDistance('port', 'prot')).toBe(2);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests only plausible typos', () => {
    expect(didYouMean('adress', ['address', 'port'])).toBe('address');
    expect(didYouMean('zzzz', ['address', 'port'])).toBeUndefined();
  });
});
