// Drives the page of `gwlint serve` in headless Chromium as an editor would,
// and prints what it saw as JSON on stdout; tests/serve_browser.rs decides
// whether that is right. Usage:
//
//   node serve.mjs URL NOTICE.txt DRAFT.docx OUT_DIR CHROMIUM
//
// 1. paste NOTICE.txt into the input box, wait for the highlights;
// 2. hover a highlight and read the explanation; screenshot;
// 3. apply the safe fixes; download the corrected text;
// 4. drop DRAFT.docx on the page, wait for the highlights; screenshot.

import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [url, noticePath, docxPath, outDir, executablePath] = process.argv.slice(2);
const TIMEOUT = 30000;

// Everything the page shows about its findings: the document's text, every
// marked piece with its offsets (UTF-16, as in the text) and the finding
// indices it carries, and the list beside it.
async function observe(page) {
  return page.evaluate(() => {
    const doc = document.getElementById('doc');
    const marks = [];
    let offset = 0;
    const walk = (node) => {
      for (const child of node.childNodes) {
        if (child.nodeType === Node.TEXT_NODE) {
          offset += child.data.length;
        } else if (child.dataset && child.dataset.diags !== undefined) {
          const text = child.textContent;
          marks.push({
            diags: child.dataset.diags.split(' ').map(Number),
            start: offset,
            end: offset + text.length,
            text,
            kind: child.classList.contains('gap') ? 'gap' : 'hl',
          });
          offset += text.length;
        } else {
          walk(child);
        }
      }
    };
    walk(doc);
    const items = Array.from(document.querySelectorAll('#groups li')).map((li) => ({
      index: Number(li.dataset.i),
      rule: li.dataset.rule,
      category: li.closest('.group').dataset.category,
      text: li.textContent,
    }));
    const groups = Array.from(document.querySelectorAll('#groups .group h3')).map((h) => h.textContent);
    return {
      docText: doc.textContent,
      input: document.getElementById('input').value,
      status: document.getElementById('status').textContent,
      marks,
      items,
      groups,
      fixEnabled: !document.getElementById('fix').disabled,
    };
  });
}

async function rendered(page, n) {
  await page.waitForFunction(
    (n) => Number(document.body.dataset.rendered) >= n || document.body.dataset.error,
    n,
    { timeout: TIMEOUT }
  );
  const error = await page.evaluate(() => document.body.dataset.error);
  if (error) throw new Error('the page reported an error: ' + error);
}

const profile = mkdtempSync(join(tmpdir(), 'gwlint-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath,
  headless: true,
  acceptDownloads: true,
  viewport: { width: 1400, height: 1000 },
  locale: 'zh-CN',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const result = {};
try {
  const page = context.pages()[0] || (await context.newPage());
  // Any request to another origin is a bug: record it.
  result.foreignRequests = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(url) && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) {
      result.foreignRequests.push(r.url());
    }
  });
  result.consoleErrors = [];
  page.on('console', (m) => m.type() === 'error' && result.consoleErrors.push(m.text()));
  page.on('pageerror', (e) => result.consoleErrors.push(String(e)));

  await page.goto(url, { timeout: TIMEOUT });
  result.title = await page.title();

  // 1. Paste the notice (insertText is what a paste does to a textarea).
  const notice = readFileSync(noticePath, 'utf8');
  await page.focus('#input');
  await page.keyboard.insertText(notice);
  await rendered(page, 1);
  result.paste = await observe(page);

  // 2. Hover the first highlight of the document number.
  const docno = result.paste.items.find((i) => i.rule === 'docno-brackets');
  if (docno) {
    const mark = result.paste.marks.findIndex((m) => m.diags.includes(docno.index));
    await page.locator('#doc [data-diags]').nth(mark).hover();
    await page.waitForSelector('#tip:not([hidden])', { timeout: TIMEOUT });
    result.tip = await page.locator('#tip').textContent();
  }
  await page.screenshot({ path: join(outDir, 'paste.png'), fullPage: false });

  // 3. Apply the safe fixes, then download the corrected text.
  await page.mouse.move(0, 0);
  await page.click('#fix');
  await rendered(page, 2);
  result.fixed = await observe(page);
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: TIMEOUT }),
    page.click('#download'),
  ]);
  result.downloadName = download.suggestedFilename();
  const downloadPath = join(outDir, 'download.txt');
  await download.saveAs(downloadPath);
  result.download = readFileSync(downloadPath, 'utf8');

  // 4. Drop the .docx draft on the page, as from a file manager.
  const bytes = readFileSync(docxPath).toString('base64');
  const name = docxPath.split('/').pop();
  const dataTransfer = await page.evaluateHandle(
    ([b64, name]) => {
      const raw = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([raw], name, { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' }));
      return dt;
    },
    [bytes, name]
  );
  await page.dispatchEvent('#doc', 'dragenter', { dataTransfer });
  await page.dispatchEvent('#doc', 'drop', { dataTransfer });
  await rendered(page, 3);
  result.docx = await observe(page);
  const typo = result.docx.items.find((i) => i.rule === 'typo-common');
  if (typo) await page.locator('#groups li[data-i="' + typo.index + '"]').click();
  await page.waitForTimeout(600);
  await page.screenshot({ path: join(outDir, 'docx.png'), fullPage: false });
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(result));
