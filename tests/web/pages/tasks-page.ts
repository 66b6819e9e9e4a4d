import type { Page } from 'playwright-core';

/** The tasks page (/tasks). */
export class TasksPage {
  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {}

  async goto() {
    await this.page.goto(`${this.baseUrl}/tasks`);
    await this.page.locator('[data-page=tasks][data-ready=yes]').waitFor({ timeout: 15_000 });
  }

  titles() {
    return this.page.locator('[data-task] .task-title').allTextContents();
  }

  task(title: string) {
    return this.page.locator('[data-task]', { hasText: title });
  }

  async create(input: { kind: string; title: string; due: string }) {
    const form = this.page.locator('[data-task-form]');
    await form.locator('[data-field=kind]').selectOption(input.kind);
    await form.locator('[data-field=title]').fill(input.title);
    await form.locator('[data-field=due]').fill(input.due);
    await form.locator('[data-create-task]').click();
  }

  badge() {
    return this.page.locator('[data-overdue-badge]');
  }
}
