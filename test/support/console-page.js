// Helpers the console test runs inside the page (installed with page.addInitScript). Plain
// JavaScript: the test project is type-checked without the DOM library, which clashes with Node's.
globalThis.consoleTest = {
  /** Starts recording every text the upload status of `name` shows, first to last. */
  watchStatus(name) {
    const seen = [];
    globalThis.consoleTest.statusSeen = seen;
    const observer = new MutationObserver(() => {
      for (const row of document.querySelectorAll('.uploads li')) {
        if (row.querySelector('.name')?.textContent !== name) continue;
        const text = row.querySelector('.status')?.textContent ?? '';
        if (seen.at(-1) !== text) seen.push(text);
      }
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  },
  statusSeen: [],

  /** Drops a file on the folder's drop zone, as a drag from the desktop does. */
  dropFile(name, text, type) {
    const data = new DataTransfer();
    data.items.add(new File([text], name, { type }));
    document
      .querySelector('.drop-zone')
      .dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true }));
  },

  /** A PNG of a gradient, drawn by the browser: its bytes. */
  async pngBytes(width, height) {
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const g = canvas.getContext('2d');
    const gradient = g.createLinearGradient(0, 0, width, height);
    gradient.addColorStop(0, '#1f5fbf');
    gradient.addColorStop(1, '#f0a500');
    g.fillStyle = gradient;
    g.fillRect(0, 0, width, height);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
    return [...new Uint8Array(await blob.arrayBuffer())];
  },
};
