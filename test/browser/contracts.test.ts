/**
 * The contract registry's import in the console (issue 14): on a fresh system the registry is empty
 * and react-admin shows its empty page instead of the list, so the import is offered there; the file
 * is previewed first (its rows as read, each bad row's error, what the replacement would change),
 * nothing is written until an admin commits, and a file with a bad row can be committed without it.
 * Build the console first (`npm run build:console`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchConsoleBrowser, requireConsoleBuild, signInToConsole, type ConsoleBrowser } from '../support/browser.js';
import { createStaff, randomInn, startTestSystem, type TestSystem } from '../support/system.js';

const HEADER = 'contract_number;contract_type;inn;legal_name;status\n';

describe('staff console: the contract registry import', () => {
  let sys: TestSystem;
  let browser: ConsoleBrowser;

  beforeAll(async () => {
    requireConsoleBuild();
    sys = await startTestSystem({}, { worker: false });
    browser = await launchConsoleBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await sys?.close();
  });

  const registry = async () =>
    (await sys.pool.query<{ contract_number: string }>('SELECT contract_number FROM contract_registry ORDER BY contract_number')).rows.map(
      (r) => r.contract_number,
    );

  it('R4: an empty registry offers the import; the preview shows the bad row and writes nothing; the commit imports the good rows', async () => {
    expect(await registry()).toEqual([]);
    const admin = await createStaff(sys, 'admin');
    const { page, pageErrors } = await browser.newPage('contracts-import');
    await signInToConsole(page, sys.baseUrl, admin);
    await page.getByRole('menuitem', { name: /Договоры/ }).click();

    // The empty page, with the import (the list's own actions are not shown on it).
    const empty = page.getByTestId('contracts-empty');
    await empty.getByText('Реестр договоров пуст').waitFor();
    await empty.getByRole('button', { name: 'Загрузить CSV' }).click();

    // A file with one bad row (a wrong INN check digit): the preview names it, the good rows are shown.
    const [good1, good2] = [randomInn(), randomInn()];
    const bad = `${good1.slice(0, 9)}${(Number(good1[9]) + 1) % 10}`;
    const csv = `${HEADER}AG-1/${good1};agent;${good1};ООО «Ромашка»;active\nAG-2/bad;agent;${bad};ООО «Лютик»;active\nSA-3/${good2};subagent;${good2};ООО «Василёк»;terminated\n`;
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('registry-file').setInputFiles({ name: 'реестр.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const preview = dialog.getByTestId('registry-preview');
    await preview.waitFor();
    expect(await dialog.getByTestId('registry-filename').textContent()).toBe('реестр.csv');
    const figure = async (key: string) => (await preview.getByTestId(`registry-preview-${key}`).locator('td').last().textContent())?.trim();
    expect(await figure('lines')).toBe('3');
    expect(await figure('valid')).toBe('2');
    expect(await figure('invalid')).toBe('1');
    expect(await figure('current')).toBe('0');
    expect(await figure('added')).toBe('2');
    expect(await figure('removed')).toBe('0');
    const errors = preview.getByTestId('registry-preview-errors');
    // The row error in Russian, from its code (the API's English message stays for API clients).
    const errorRow = errors.getByRole('row').filter({ hasText: 'Неверный ИНН: не сходится контрольная цифра' });
    await errorRow.waitFor();
    expect(await errorRow.getByRole('cell').allTextContents()).toEqual(['3', 'inn', 'Неверный ИНН: не сходится контрольная цифра']);
    const rows = preview.getByTestId('registry-preview-rows');
    await rows.getByRole('cell', { name: `AG-1/${good1}` }).waitFor();
    await rows.getByRole('cell', { name: 'ООО «Василёк»' }).waitFor();
    await rows.getByText('Субагентский').waitFor();
    await rows.getByText('Расторгнут').waitFor();
    expect(await rows.getByRole('cell', { name: 'ООО «Лютик»' }).count()).toBe(0);
    await preview.getByText('1 строка с ошибками не будет загружена').waitFor();

    // Nothing is written by the preview.
    expect(await registry()).toEqual([]);

    // Commit: the good rows replace the registry, the bad one is left out, and the audit says so.
    await dialog.getByRole('button', { name: 'Загрузить 2 договора без строк с ошибками (1)' }).click();
    await page.getByText('Загружено 2 договора, строк с ошибками пропущено: 1').waitFor();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: `AG-1/${good1}` }).waitFor();
    await page.getByRole('cell', { name: `SA-3/${good2}` }).waitFor();
    expect(await registry()).toEqual([`AG-1/${good1}`, `SA-3/${good2}`]);
    const audit = await sys.pool.query<{ details: Record<string, unknown> }>(
      `SELECT details FROM audit_log WHERE action = 'contracts.import' AND actor_id = $1`,
      [admin.id],
    );
    expect(audit.rows.map((r) => r.details)).toEqual([{ filename: 'реестр.csv', contracts: 2, skipped: 1, skipped_rows: [3] }]);

    // With contracts, the list's own actions offer the next import; a file the API cannot read is refused in the preview.
    await page.getByRole('button', { name: 'Загрузить CSV' }).click();
    await dialog
      .getByTestId('registry-file')
      .setInputFiles({ name: 'wrong.csv', mimeType: 'text/csv', buffer: Buffer.from('number;name\n1;x\n') });
    const refusal = dialog.getByRole('alert');
    await refusal.getByText('Файл реестра не читается: проверьте колонки и формат').waitFor();
    await refusal
      .getByText(
        'строка 1, header: Столбцы должны быть такими: contract_number, contract_type, inn, legal_name, status. ' +
          'Сейчас: нет столбца contract_number; нет столбца contract_type; нет столбца inn; нет столбца legal_name; нет столбца status; ' +
          'лишние столбцы: number, name',
      )
      .waitFor();
    expect(await refusal.getByText(/columns must be/).count()).toBe(0);
    expect(await dialog.getByRole('button', { name: /Заменить реестр|Загрузить \d/ }).count()).toBe(0);
    await dialog.getByRole('button', { name: 'Отмена' }).click();
    expect(await registry()).toEqual([`AG-1/${good1}`, `SA-3/${good2}`]);

    // The audit log's row panel: the entry's particulars as labelled fields in Russian, not raw keys or JSON.
    await page.goto(`${sys.baseUrl}/admin/#/audit`);
    const panel = async (sentence: string) => {
      await page.getByTestId('audit-sentence').filter({ hasText: sentence }).first().click();
      const details = page.getByTestId('audit-details').first();
      await details.waitFor();
      const [labels, values] = [await details.locator('dt').allTextContents(), await details.locator('dd').allTextContents()];
      await page.getByTestId('audit-sentence').filter({ hasText: sentence }).first().click(); // folds it again
      await details.waitFor({ state: 'detached' });
      return labels.map((label, i) => [label, values[i]]);
    };
    expect(await panel('Реестр договоров загружен из файла «реестр.csv»')).toEqual([
      ['Объект', 'Реестр договоров registry'],
      // jsonb's order: shorter keys first
      ['Пропущено строк', '1'],
      ['Файл', 'реестр.csv'],
      ['Договоров', '2'],
      ['Строки с ошибками', '3'],
    ]);
    // The admin's sign-in (details `{ secondFactor: false }`): "Второй фактор: нет", not `secondFactor false`.
    expect(await panel('Вход в консоль')).toEqual([
      ['Объект', `Сотрудник ${admin.id}`],
      ['Второй фактор', 'нет'],
    ]);
    expect(await page.getByText(/secondFactor|skipped_rows/).count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('R4: a large export (20 000 rows) is previewed with what it changes, and replaces the registry when committed', async () => {
    const admin = await createStaff(sys, 'admin');
    const { page, pageErrors } = await browser.newPage('contracts-large');
    await signInToConsole(page, sys.baseUrl, admin);
    const before = (await registry()).length;
    const lines = Array.from({ length: 20_000 }, (_, i) => `L-${String(i).padStart(5, '0')};agent;;ООО «Агентство ${i}»;active`);
    await page.getByRole('menuitem', { name: /Договоры/ }).click();
    await page.getByRole('button', { name: 'Загрузить CSV' }).click();
    const dialog = page.getByRole('dialog');
    await dialog
      .getByTestId('registry-file')
      .setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(HEADER + lines.join('\n')) });
    const preview = dialog.getByTestId('registry-preview');
    await preview.waitFor();
    const figure = async (key: string) => (await preview.getByTestId(`registry-preview-${key}`).locator('td').last().textContent())?.trim();
    expect(await figure('valid')).toBe('20000');
    expect(await figure('invalid')).toBe('0');
    expect(await figure('added')).toBe('20000');
    expect(await figure('removed')).toBe(String(before));
    await preview.getByText('Первые строки файла (100 из 20000)').waitFor();
    await dialog.getByRole('button', { name: 'Заменить реестр: 20000 договоров' }).click();
    await page.getByText('Загружено 20000 договоров').waitFor();
    expect((await registry()).length).toBe(20_000);
    expect(pageErrors).toEqual([]);
  });
});
