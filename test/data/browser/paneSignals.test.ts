/** The browser's side of the seams: navigator.onLine with online/offline events, and visibilitychange. */
import { untilOnline } from '../../../src/data/connectivity';
import { browserConnectivity, browserVisibility } from '../../../src/data/browser/paneSignals';

describe('browserConnectivity', () => {
  it('follows navigator.onLine and tells listeners on online and offline events until unsubscribed', async () => {
    const window = new EventTarget();
    const navigator = { onLine: false };
    const connectivity = browserConnectivity(window, navigator);
    const heard: boolean[] = [];
    const stop = connectivity.onChange(() => heard.push(connectivity.isOnline()));
    const online = untilOnline(connectivity);
    navigator.onLine = true;
    window.dispatchEvent(new Event('online'));
    await expect(online).resolves.toBeUndefined();
    navigator.onLine = false;
    window.dispatchEvent(new Event('offline'));
    stop();
    window.dispatchEvent(new Event('online'));
    expect(heard).toEqual([true, false]);
  });
});

describe('browserVisibility', () => {
  it('calls back when the document becomes visible, not when it is hidden', () => {
    const document = Object.assign(new EventTarget(), { visibilityState: 'hidden' });
    let shown = 0;
    const stop = browserVisibility(document).onShown(() => shown++);
    document.dispatchEvent(new Event('visibilitychange'));
    document.visibilityState = 'visible';
    document.dispatchEvent(new Event('visibilitychange'));
    expect(shown).toBe(1);
    stop();
    document.dispatchEvent(new Event('visibilitychange'));
    expect(shown).toBe(1);
  });
});
