/**
 * The shared runtime's start-up route for a workbook with embedded data (issue 11 §2): load with
 * the document once data is embedded, show the pane on open when embedded data is in use — and
 * say why not where Office cannot.
 */
import { loadWithDocument, showPaneOnOpen, type StartupOffice } from '../../src/workbook/startupBehavior';

function stubOffice(options: { sharedRuntime?: boolean; fail?: string } = {}) {
  const calls: string[] = [];
  const act = (name: string) => {
    calls.push(name);
    return options.fail ? Promise.reject(new Error(options.fail)) : Promise.resolve();
  };
  const office: StartupOffice = {
    addin: { setStartupBehavior: (behavior) => act(`setStartupBehavior(${String(behavior)})`), showAsTaskpane: () => act('showAsTaskpane()') },
    StartupBehavior: { load: 'Load' as Office.StartupBehavior },
    context: { requirements: { isSetSupported: (name, version) => (options.sharedRuntime ?? true) && name === 'SharedRuntime' && version === '1.1' } },
  };
  return { office, calls };
}

describe('start-up with the document', () => {
  it('embedding sets the startup behaviour to Load', async () => {
    const { office, calls } = stubOffice();
    expect(await loadWithDocument(office)).toBeUndefined();
    expect(calls).toEqual(['setStartupBehavior(Load)']);
  });

  it('on open, shows the pane only when embedded data is in use', async () => {
    const pinned = stubOffice();
    expect(await showPaneOnOpen(true, pinned.office)).toBeUndefined();
    expect(pinned.calls).toEqual(['showAsTaskpane()']);
    const plain = stubOffice();
    expect(await showPaneOnOpen(false, plain.office)).toMatch(/no embedded data/);
    expect(plain.calls).toEqual([]);
  });

  it('says why not without the shared runtime, outside Office, or when Office refuses', async () => {
    const old = stubOffice({ sharedRuntime: false });
    expect(await loadWithDocument(old.office)).toMatch(/does not support the shared runtime \(SharedRuntime 1\.1\)/);
    expect(await showPaneOnOpen(true, old.office)).toMatch(/SharedRuntime 1\.1/);
    expect(old.calls).toEqual([]);
    expect(await loadWithDocument(undefined)).toBe('not running in Office');
    const refusing = stubOffice({ fail: 'GenericException' });
    expect(await loadWithDocument(refusing.office)).toBe('Office refused to load the add-in with this document (GenericException)');
    expect(await showPaneOnOpen(true, refusing.office)).toBe('Office did not show the pane (GenericException)');
  });
});
