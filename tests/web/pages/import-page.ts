import type { Page } from 'playwright-core';

type Counts = Record<'rows' | 'created' | 'merged' | 'rejected' | 'unchanged', number>;

export class ImportPage {
  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {}

  async goto() {
    await this.page.goto(`${this.baseUrl}/import`);
    await this.page.locator('[data-import-page][data-ready]').waitFor({ timeout: 15_000 });
  }

  /** Chooses a file through the file input, as a tap on the drop zone does. */
  async choose(file: string | { name: string; mimeType: string; buffer: Buffer }) {
    await this.page.locator('[data-import-file]').setInputFiles(file);
  }

  /**
   * Drops a file the way a browser does, a DataTransfer holding a File, on the drop zone or on
   * another element; true when the page kept the browser from opening the file itself.
   */
  async drop(name: string, bytes: Uint8Array, type = '', target = '[data-import-drop]'): Promise<boolean> {
    // A script string: the test project is compiled without the DOM library.
    return this.page.evaluate<boolean>(`(() => {
      const transfer = new DataTransfer();
      const bytes = Uint8Array.from(atob(${JSON.stringify(Buffer.from(bytes).toString('base64'))}), (c) => c.charCodeAt(0));
      transfer.items.add(new File([bytes], ${JSON.stringify(name)}, { type: ${JSON.stringify(type)} }));
      const element = document.querySelector(${JSON.stringify(target)});
      let kept = true;
      for (const kind of ['dragenter', 'dragover', 'drop']) {
        kept = !element.dispatchEvent(new DragEvent(kind, { dataTransfer: transfer, bubbles: true, cancelable: true }));
      }
      return kept;
    })()`);
  }

  preview() {
    return this.page.locator('[data-import-preview]');
  }

  /** Waits for a preview with no request in flight. */
  async waitPreview() {
    await this.preview().waitFor({ timeout: 15_000 });
    await this.page.locator('[data-import-progress]').waitFor({ state: 'detached', timeout: 15_000 });
  }

  error() {
    return this.page.locator('[data-import-error]');
  }

  async counts(scope: '[data-import-preview]' | '[data-import-result]'): Promise<Partial<Counts>> {
    const cells = this.page.locator(`${scope} [data-count]`);
    const entries = await cells.evaluateAll((nodes) =>
      nodes.map((node) => [node.getAttribute('data-count'), Number(node.textContent)] as const),
    );
    return Object.fromEntries(entries);
  }

  /** The field each column of the file goes to, by the column's header. */
  async mapping(): Promise<Record<string, string>> {
    const rows = this.page.locator('[data-import-mapping] [data-column]');
    const pairs = await rows.evaluateAll((nodes) =>
      nodes.map((node) => [node.querySelector('strong')?.textContent ?? '', node.querySelector('select')?.value ?? ''] as const),
    );
    return Object.fromEntries(pairs);
  }

  async setField(column: number, field: string) {
    await this.page.locator(`[data-column-field="${column}"]`).selectOption(field);
  }

  async sampleCells(cell: 'name' | 'phone' | 'car' | 'lastVisit' | 'visits') {
    const texts = await this.page.locator(`[data-import-sample] [data-cell=${cell}]`).allTextContents();
    return texts.map((text) => text.trim());
  }

  /** Rejected rows listed on the page (the preview's or the result's list): [row, reason]. */
  rejectedRows() {
    return this.page
      .locator('[data-import-rejections] [data-rejection-row]')
      .evaluateAll((nodes) =>
        nodes.map((node) => [Number(node.getAttribute('data-rejection-row')), node.getAttribute('data-reason')]),
      );
  }

  async commit() {
    await this.page.locator('[data-import-commit]').click();
  }

  result() {
    return this.page.locator('[data-import-result]');
  }

  async waitResult() {
    await this.result().waitFor({ timeout: 60_000 });
  }
}
