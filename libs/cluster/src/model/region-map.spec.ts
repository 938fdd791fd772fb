import { applyRegionMap, EMPTY_REGION_MAP, mappedRegion } from './region-map';
import { box, gameServerInfo } from '../testing/contract-helpers';

describe('the region map cuts the registry', () => {
  const old = gameServerInfo('old', { name: 'old', region: box(0, 0, 0, 200, 100, 10) });
  const fresh = gameServerInfo('fresh', { name: 'fresh', region: box(100, 0, 0, 200, 100, 10) });
  const other = gameServerInfo('other', { name: 'other', region: box(200, 0, 0, 300, 100, 10) });

  it('version 0 leaves every registered region as it is', () => {
    expect(applyRegionMap([old, fresh], EMPTY_REGION_MAP)).toEqual([old, fresh]);
  });

  it('a reserved server owns nothing yet; a named server owns what the map says; others keep theirs', () => {
    const reserving = { version: 1, regions: {}, reserved: { fresh: box(100, 0, 0, 200, 100, 10) } };
    expect(applyRegionMap([old, fresh, other], reserving).map((s) => s.region)).toEqual([old.region, null, other.region]);
    const split = { version: 2, regions: { old: box(0, 0, 0, 100, 100, 10), fresh: box(100, 0, 0, 200, 100, 10) }, reserved: {} };
    expect(applyRegionMap([old, fresh, other], split).map((s) => s.region)).toEqual([box(0, 0, 0, 100, 100, 10), fresh.region, other.region]);
    expect(mappedRegion(fresh, { version: 3, regions: { fresh: null }, reserved: {} })).toBeNull();
  });
});
