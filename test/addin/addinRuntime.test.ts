import { offerAddinRuntime, requestAddinRuntime, type AddinRuntime } from '../../src/addin/addinRuntime';

/** Only identity matters here: the pane must get exactly the object the functions bundle offered. */
const runtime = { store: {}, keys: {} } as unknown as AddinRuntime;

describe('the runtime handoff between the functions bundle and the pane bundle', () => {
  it('gives the pane the runtime the functions bundle offered on the same page', () => {
    const page = new EventTarget();
    offerAddinRuntime(page, runtime);
    expect(requestAddinRuntime(page)).toBe(runtime);
    expect(requestAddinRuntime(page)).toBe(runtime);
  });

  it('answers nothing on a page where the functions bundle did not run (a pane in a second runtime)', () => {
    const functionsPage = new EventTarget();
    offerAddinRuntime(functionsPage, runtime);
    expect(requestAddinRuntime(new EventTarget())).toBeUndefined();
  });

  it('holds the runtime in no global slot', () => {
    const before = new Set(Object.keys(globalThis));
    offerAddinRuntime(new EventTarget(), runtime);
    expect(Object.keys(globalThis).filter((key) => !before.has(key))).toEqual([]);
  });
});
