/**
 * Copies text to the clipboard: the async Clipboard API where the page may use it, else a
 * hidden textarea and execCommand('copy') (plain http pages, older Electron permissions).
 */

function legacyCopy(text: string): boolean {
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
  }
}

/** Resolves when copied; rejects with a message a person can act on. */
export async function copyText(text: string): Promise<void> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return;
    }
  } catch {
    // fall through to the legacy path
  }
  if (!legacyCopy(text)) throw new Error('the clipboard is not available here; select the text and copy it by hand');
}
