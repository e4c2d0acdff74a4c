/** The browser's side of the seams: the window's online/offline events, and visibilitychange. */
import { untilOnline } from '../../../src/data/connectivity';
import { browserConnectivity, browserVisibility } from '../../../src/data/browser/paneSignals';

describe('browserConnectivity', () => {
  it('starts online, follows the online and offline events, and tells listeners until unsubscribed', async () => {
    const window = new EventTarget();
    const connectivity = browserConnectivity(window);
    expect(connectivity.isOnline()).toBe(true);
    const heard: boolean[] = [];
    const stop = connectivity.onChange(() => heard.push(connectivity.isOnline()));
    window.dispatchEvent(new Event('offline'));
    expect(connectivity.isOnline()).toBe(false);
    const online = untilOnline(connectivity);
    window.dispatchEvent(new Event('online'));
    await expect(online).resolves.toBeUndefined();
    stop();
    window.dispatchEvent(new Event('offline'));
    expect(heard).toEqual([false, true]);
    expect(connectivity.isOnline()).toBe(false);
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
