import { Emitter } from './emitter';

type Events = { message: (text: string, n: number) => void; closed: () => void };

describe('Emitter', () => {
  it('calls each listener with the arguments, until it is removed', () => {
    const errors: unknown[] = [];
    const emitter = new Emitter<Events>((e) => errors.push(e));
    const seen: Array<[string, number]> = [];
    const off = emitter.on('message', (text, n) => seen.push([text, n]));
    emitter.emit('message', 'a', 1);
    off();
    emitter.emit('message', 'b', 2);
    expect(seen).toEqual([['a', 1]]);
    expect(emitter.has('message')).toBe(false);
  });

  it('hands a throwing listener to the error hook and still calls the others', () => {
    const errors: Array<[unknown, string]> = [];
    const emitter = new Emitter<Events>((e, event) => errors.push([e, event]));
    let calls = 0;
    emitter.on('closed', () => {
      throw new Error('boom');
    });
    emitter.on('closed', () => calls++);
    expect(() => emitter.emit('closed')).not.toThrow();
    expect(calls).toBe(1);
    expect(errors).toEqual([[new Error('boom'), 'closed']]);
  });

  it('forgets every listener on clear', () => {
    const emitter = new Emitter<Events>(() => undefined);
    emitter.on('closed', () => undefined);
    expect(emitter.has('closed')).toBe(true);
    emitter.clear();
    expect(emitter.has('closed')).toBe(false);
  });
});
