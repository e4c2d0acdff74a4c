/**
 * The Settings panel: an API key per provider that needs one, kept on this machine only (never
 * in the workbook), with a test that makes one cheap request through the gateway.
 */
import { KEY_PROVIDERS } from '../data/browser/keyStore';
import type { AddinRuntime } from '../addin/addinRuntime';
import { byId, h } from './dom';

export function renderSettings(runtime: AddinRuntime): void {
  const container = byId('key-list');
  container.replaceChildren(
    ...KEY_PROVIDERS.map(({ provider, label, signupUrl }) => {
      const inputId = `key-${provider}`;
      const input = h('input', {
        id: inputId,
        type: 'password',
        class: 'input',
        autocomplete: 'off',
        spellcheck: 'false',
        'data-testid': `key-${provider}`,
        'aria-describedby': `key-status-${provider} key-note`,
      });
      const status = h('p', { id: `key-status-${provider}`, class: 'key__status', role: 'status', 'aria-live': 'polite', 'data-testid': `key-status-${provider}` });
      const save = h('button', { type: 'button', class: 'button button--primary', 'data-testid': `key-save-${provider}` }, 'Save');
      const test = h('button', { type: 'button', class: 'button', 'data-testid': `key-test-${provider}` }, 'Test key');
      const remove = h('button', { type: 'button', class: 'button', 'data-testid': `key-remove-${provider}` }, 'Remove');
      void runtime.keys.get(provider).then((key) => {
        input.value = key ?? '';
        status.textContent = key ? 'A key is saved on this computer.' : 'No key saved.';
      });
      onClick(save, status, async () => {
        const key = input.value.trim();
        if (!key) return void (status.textContent = 'Type a key first.');
        await runtime.keys.set(provider, key);
        status.textContent = 'Saved on this computer. Refresh to use it.';
      });
      onClick(test, status, async () => {
        const key = input.value.trim();
        if (!key) return void (status.textContent = 'Type a key first.');
        status.textContent = 'Testing…';
        const result = await runtime.checkKey(provider, key);
        status.textContent = result.ok ? `OK: ${result.message}.` : `Not accepted: ${result.message}`;
      });
      onClick(remove, status, async () => {
        await runtime.keys.remove(provider);
        input.value = '';
        status.textContent = 'Removed from this computer.';
      });
      return h(
        'div',
        { class: 'key' },
        h('label', { for: inputId, class: 'key__label' }, label),
        input,
        h('div', { class: 'key__actions' }, save, test, remove),
        status,
        h('a', { href: signupUrl, target: '_blank', rel: 'noopener' }, `Get a ${provider} key`),
      );
    }),
  );
}

/** A button whose async action reports its failure in the status line instead of an unhandled rejection. */
function onClick(button: HTMLElement, status: HTMLElement, action: () => Promise<unknown>): void {
  button.addEventListener('click', () => {
    action().catch((error: unknown) => {
      status.textContent = `Failed: ${error instanceof Error ? error.message : String(error)}`;
    });
  });
}
