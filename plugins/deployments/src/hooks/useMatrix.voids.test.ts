import { FakeMatrixServer } from './__testUtils__/FakeMatrixServer';
import { names, renderMatrix, tick } from './__testUtils__/renderMatrix';

/** Service `a` in prod on three days, and service `b`. */
function server() {
  const s = new FakeMatrixServer();
  const [a1, a2, a3] = s.commit(
    [1, 2, 3].map(day => ({
      service: 'a',
      environment: 'prod',
      happened_at: `2026-01-0${day}T10:00:00.000Z`,
    })),
    false,
  );
  const [b1] = s.commit([{ service: 'b', environment: 'prod' }], false);
  return { s, a1, a2, a3, b1 };
}

describe('useMatrix and event: void frames', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('fetches the row of a voided event again and shows the slot fallen back to the previous event', async () => {
    const { s, a2, a3 } = server();
    const { result } = renderMatrix(s, { view: 'full' });
    await tick();
    expect(result.current.matrix?.services[0].slots.prod.current.id).toBe(
      a3.id,
    );

    s.voidLogged(a3.id);
    await tick(10);
    expect(s.lookupQueries).toEqual([{ service: ['a'] }]);
    expect(result.current.matrix?.services[0].slots.prod.current.id).toBe(
      a2.id,
    );
    expect(
      result.current.matrix?.services[0].slots.prod.last_successful?.id,
    ).toBe(a2.id);
  });

  it('removes a row whose every event was voided, and leaves other rows alone', async () => {
    const { s, b1 } = server();
    const { result } = renderMatrix(s, { view: 'full' });
    await tick();
    s.voidLogged(b1.id);
    await tick(10);
    expect(names(result.current.matrix)).toEqual(['a']);
  });

  it('does not fetch for a voided event the matrix does not show, and never applies its frame', async () => {
    const { s, a1, a3 } = server();
    const { result } = renderMatrix(s, { view: 'full' });
    await tick();
    s.voidLogged(a1.id);
    await tick(10);
    expect(s.lookupQueries).toEqual([]);
    // A frame for an event voided meanwhile (buffered before the void) is dropped.
    const [late] = s.commit(
      [
        {
          service: 'a',
          environment: 'prod',
          happened_at: '2026-01-05T10:00:00.000Z',
        },
      ],
      false,
    );
    s.voidLogged(late.id, false);
    s.lastStream.emitVoid({
      ...late,
      voided: { at: late.happened_at, by: 'u', reason: 'r' },
    });
    s.lastStream.emit(late);
    await tick(200);
    expect(result.current.matrix?.services[0].slots.prod.current.id).toBe(
      a3.id,
    );
  });

  it('fetches the row again when a fetch read before the void lands after it', async () => {
    const { s, a2, a3 } = server();
    const { result, rerender } = renderMatrix(s, { view: 'full' });
    await tick();
    // New filters: a fresh load, read now (a3 still current) but held back.
    s.hold();
    rerender({ view: 'full', filters: { q: 'a' } });
    await tick();
    const held = (s as unknown as { gate: { release(): void } }).gate;
    (s as unknown as { gate?: unknown }).gate = undefined;
    s.voidLogged(a3.id);
    await tick(10);
    held.release();
    await tick(10);
    // The load showed a3; the loader knew it voided and fetched the row again.
    expect(s.lookupQueries).toEqual([{ service: ['a'] }]);
    expect(
      result.current.matrix?.services.map(r => r.slots.prod.current.id),
    ).toEqual([a2.id]);
  });
});
