import type { Box3 } from './map-contract';
import { chooseMapPlane } from './map-plane';

const box = (min: [number, number, number], max: [number, number, number]): Box3 => ({
  min: { x: min[0], y: min[1], z: min[2] },
  max: { x: max[0], y: max[1], z: max[2] },
});
const grid = (cell: (i: number, j: number) => Box3): Box3[] => [0, 1].flatMap((i) => [0, 1].map((j) => cell(i, j)));

describe('chooseMapPlane', () => {
  it('draws the demo world (2x2 on x/y over 0..2000, z -1000..1000) on x/y, though all three extents tie', () => {
    const regions = grid((i, j) => box([i * 1000, j * 1000, -1000], [(i + 1) * 1000, (j + 1) * 1000, 1000]));
    expect(chooseMapPlane('auto', box([0, 0, -1000], [2000, 2000, 1000]), regions)).toEqual({ h: 'x', v: 'y' });
  });

  it('draws a flat world cut on x/z on x/z', () => {
    const regions = grid((i, j) => box([i * 1000, 0, j * 1000], [(i + 1) * 1000, 0, (j + 1) * 1000]));
    expect(chooseMapPlane('auto', box([0, 0, 0], [2000, 0, 2000]), regions)).toEqual({ h: 'x', v: 'z' });
  });

  it('keeps a cut axis over a longer uncut one, and breaks a full tie by dropping y', () => {
    const strips = [0, 1, 2].map((k) => box([0, 0, k * 100], [5000, 5000, (k + 1) * 100]));
    expect(chooseMapPlane('auto', box([0, 0, 0], [5000, 5000, 300]), strips).v).toBe('z');
    const cube = box([0, 0, 0], [10, 10, 10]);
    expect(chooseMapPlane('auto', cube, [cube])).toEqual({ h: 'x', v: 'z' });
    expect(chooseMapPlane('auto', cube, [])).toEqual({ h: 'x', v: 'z' });
  });

  it('obeys admin.map_plane', () => {
    const cube = box([0, 0, 0], [10, 10, 10]);
    expect(chooseMapPlane('yz', cube, [cube])).toEqual({ h: 'y', v: 'z' });
    expect(chooseMapPlane('xy', cube, [cube])).toEqual({ h: 'x', v: 'y' });
  });
});
