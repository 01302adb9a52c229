// Drives code-server in Debian's Chromium (playwright-core) through the switchpoint
// extension and records what the page shows, as JSON, for test_e2e.py to check.
// Each step records {ok, value} or {ok: false, error}; a failed step does not stop the
// others, so one run answers every check. Waits have timeouts only as safety nets.
'use strict';
const fs = require('fs');
const path = require('path');

const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const { chromium } = require(path.join(config.extensionDir, 'node_modules', 'playwright-core'));

const results = {};
async function step(name, fn) {
    const started = Date.now();
    try {
        results[name] = { ok: true, value: await fn() };
    } catch (error) {
        results[name] = { ok: false, error: String(error && error.stack ? error.stack : error) };
    }
    results[name].seconds = (Date.now() - started) / 1000;
    fs.writeFileSync(config.resultsPath, JSON.stringify(results, null, 2));
}

// Everything the active editor shows: gutter icons and inlay hints, by 1-based line.
function readEditor(glyph) {
    const editor = document.querySelector('.editor-group-container.active .monaco-editor') || document.querySelector('.monaco-editor');
    if (!editor) {
        return null;
    }
    const lineAtTop = new Map();
    for (const row of editor.querySelectorAll('.margin-view-overlays > div')) {
        const number = row.querySelector('.line-numbers');
        if (number) {
            lineAtTop.set(parseFloat(row.style.top), parseInt(number.textContent, 10));
        }
    }
    const gutter = [];
    for (const icon of editor.querySelectorAll('.glyph-margin-widgets .cgmr')) {
        const image = getComputedStyle(icon).backgroundImage;
        const kind = image.includes('gutter-certain.svg') ? 'certain' : image.includes('gutter-possible.svg') ? 'possible' : null;
        if (kind) {
            gutter.push({ line: lineAtTop.get(parseFloat(icon.style.top)), kind });
        }
    }
    const hints = [];
    for (const viewLine of editor.querySelectorAll('.view-lines .view-line')) {
        const line = lineAtTop.get(parseFloat(viewLine.style.top));
        // Inlay hints are injected text: spans styled by a dynamic rule, not part of the file.
        for (const span of viewLine.querySelectorAll('span[class*="dyn-rule"]')) {
            if (span.textContent.includes(glyph)) {
                hints.push({ line, text: span.textContent });
            }
        }
    }
    const squiggles = editor.querySelectorAll('.squiggly-warning, .squiggly-error, .squiggly-info').length;
    return { gutter, hints, squiggles };
}

async function waitFor(page, what, predicate, timeout) {
    const deadline = Date.now() + timeout;
    let last;
    while (Date.now() < deadline) {
        last = await predicate();
        if (last) {
            return last;
        }
        await page.waitForTimeout(250);
    }
    throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
}

/** Waits until `read` gives the same accepted value twice in a row: the editor has finished redrawing. */
async function waitStable(page, what, read, accept, timeout) {
    let previous;
    return waitFor(page, what, async () => {
        const value = await read();
        const key = JSON.stringify(value);
        const done = value && accept(value) && key === previous;
        previous = key;
        return done ? value : null;
    }, timeout);
}

async function statusBarItem(page, id) {
    const item = page.locator(`[id="${id}"]`);
    return (await item.count()) ? item.first().getAttribute('aria-label') : null;
}

async function cursor(page) {
    const label = (await page.locator('[id="status.editor.selection"]').first().textContent()) || '';
    const m = label.match(/Ln (\d+), Col (\d+)/);
    if (!m) {
        throw new Error(`no cursor position in the status bar: ${label}`);
    }
    return { line: +m[1], column: +m[2] };
}

/** Puts the cursor at the top of the file and waits until the status bar says so. */
async function cursorToTop(page) {
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+Home');
    return waitFor(page, 'the cursor at Ln 1, Col 1', async () => {
        const now = await cursor(page);
        return now.line === 1 && now.column === 1 ? now : null;
    }, 15000);
}

/** Moves the cursor with Go to Line (Ctrl+G) and waits until the status bar says it is there. */
async function goTo(page, position) {
    await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+KeyG');
    await page.keyboard.type(`${position.line}:${position.column}`);
    await page.keyboard.press('Enter');
    return waitFor(page, `the cursor at ${position.line}:${position.column}`, async () => {
        const now = await cursor(page);
        return now.line === position.line && now.column === position.column ? now : null;
    }, 15000);
}

/** The number of warnings in the status bar's problems item. */
async function warnings(page) {
    const label = (await page.locator('[id="status.problems"]').first().getAttribute('aria-label')) || '';
    const m = label.match(/Warnings: (\d+)/);
    return m ? +m[1] : 0;
}

async function runCommand(page, title) {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 15000 });
    await input.fill(`>${title}`);
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 15000 });
    await page.keyboard.press('Enter');
}

(async () => {
    const browser = await chromium.launch({
        executablePath: config.chromium,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
            '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const t = config.timeoutMs;
    const glyph = config.glyph;
    try {
        await step('workbench', async () => {
            await page.goto(`${config.url}/?folder=${encodeURIComponent(config.workspace)}`);
            await page.locator('.monaco-workbench .part.editor').waitFor({ timeout: t });
            return true;
        });
        await step('open_file', async () => {
            await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: t });
            await runCommand(page, 'Go to File');
            await page.keyboard.type(config.file);
            await page.locator('.quick-input-widget .monaco-list-row', { hasText: config.file }).first().waitFor({ timeout: t });
            await page.keyboard.press('Enter');
            await page.locator('.monaco-editor .view-lines', { hasText: 'class IODict' }).waitFor({ timeout: t });
            return true;
        });
        await step('status_bar', async () => {
            // The extension's item reads "switchpoint: N switch points in this file. Server: running..." once the points arrived.
            return waitFor(page, 'the switchpoint status bar item with a count', async () => {
                const label = await statusBarItem(page, config.statusBarId);
                return label && /Server: running/.test(label) && !/: 0 switch points/.test(label) ? label : null;
            }, t);
        });
        await step('editor', async () => {
            // Hints and icons arrive separately; wait until both are there and the page is stable.
            return waitStable(page, 'inlay hints and gutter icons', () => page.evaluate(readEditor, glyph),
                (seen) => seen.gutter.length && seen.hints.length, t);
        });
        await step('diagnostics', async () => {
            await page.keyboard.press('Control+Shift+KeyM');
            const rows = page.locator('.markers-panel .monaco-list-row');
            return waitFor(page, 'a switchpoint problem', async () => {
                const labels = await rows.evaluateAll((els) => els.map((e) => e.textContent));
                return labels.some((l) => /SP\d{3}/.test(l)) ? labels : null;
            }, config.diagnosticTimeoutMs);
        });
        await step('close_panel', async () => {
            // The panel takes lines away from the editor; later steps count what the editor shows.
            await page.keyboard.press('Control+KeyJ');
            await page.locator('.part.panel').waitFor({ state: 'hidden', timeout: 15000 });
            return true;
        });
        await step('screenshot', async () => {
            // The picture: hints, gutter icons, and the hover on the race with its chain.
            await goTo(page, config.racePosition);
            await page.keyboard.press('Control+KeyK');
            await page.keyboard.press('Control+KeyI');
            await page.locator('.monaco-hover:not(.hidden) .monaco-hover-content').first().waitFor({ timeout: 15000 });
            await page.waitForTimeout(300); // let the hover finish fading in: only for the picture
            await page.screenshot({ path: config.screenshotPath });
            await page.keyboard.press('Escape');
            return config.screenshotPath;
        });
        await step('next_switch_point', async () => {
            const before = await cursorToTop(page);
            await page.keyboard.press('Alt+BracketRight'); // the default key binding
            const first = await waitFor(page, 'the cursor to move', async () => {
                const now = await cursor(page);
                return now.line !== before.line || now.column !== before.column ? now : null;
            }, 15000);
            await page.keyboard.press('Alt+BracketRight');
            const second = await waitFor(page, 'the cursor to move again', async () => {
                const now = await cursor(page);
                return now.line !== first.line || now.column !== first.column ? now : null;
            }, 15000);
            await runCommand(page, 'switchpoint: Previous Switch Point');
            const back = await waitFor(page, 'the cursor to move back', async () => {
                const now = await cursor(page);
                return now.line !== second.line || now.column !== second.column ? now : null;
            }, 15000);
            return { before, first, second, back };
        });
        await step('show_chain', async () => {
            await cursorToTop(page);
            await page.keyboard.press('Alt+BracketRight');
            await waitFor(page, 'the cursor to leave the top', async () => ((await cursor(page)).line > 1 ? true : null), 15000);
            await page.keyboard.press('Control+Alt+KeyY');
            const rows = page.locator('.quick-input-widget .monaco-list-row');
            await rows.first().waitFor({ timeout: 15000 });
            const labels = await rows.allTextContents();
            await page.keyboard.press('Escape');
            return labels;
        });
        await step('hover', async () => {
            await cursorToTop(page);
            await page.keyboard.press('Alt+BracketRight');
            await waitFor(page, 'the cursor to leave the top', async () => ((await cursor(page)).line > 1 ? true : null), 15000);
            await page.keyboard.press('Control+KeyK');
            await page.keyboard.press('Control+KeyI');
            const hover = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content');
            await hover.first().waitFor({ timeout: 15000 });
            const text = await waitFor(page, 'the hover text', async () => (await hover.first().textContent()) || null, 15000);
            await page.keyboard.press('Escape');
            return text;
        });
        await step('toggle_gutter', async () => {
            await page.locator('.monaco-editor .view-lines').first().click();
            await page.keyboard.press('Control+Alt+KeyG');
            const off = await waitStable(page, 'the gutter icons to go', () => page.evaluate(readEditor, glyph),
                (seen) => seen.gutter.length === 0, 15000);
            await page.keyboard.press('Control+Alt+KeyG');
            const on = await waitStable(page, 'the gutter icons to come back', () => page.evaluate(readEditor, glyph),
                (seen) => seen.gutter.length > 0, 15000);
            return { off: off.gutter.length, on: on.gutter.length };
        });
        await step('toggle_hints', async () => {
            await page.locator('.monaco-editor .view-lines').first().click();
            await page.keyboard.press('Control+Alt+KeyH');
            const off = await waitStable(page, 'the hints to go', () => page.evaluate(readEditor, glyph),
                (seen) => seen.hints.length === 0, 15000);
            await page.keyboard.press('Control+Alt+KeyH');
            const on = await waitStable(page, 'the hints to come back', () => page.evaluate(readEditor, glyph),
                (seen) => seen.hints.length > 0, 15000);
            return { off: off.hints.length, on: on.hints.length };
        });
        await step('quick_fix', async () => {
            // The race's preferred quick fix, applied from the light bulb menu (Ctrl+.): the
            // file changes and, once the server has re-analysed it, the warning goes.
            await goTo(page, config.racePosition);
            const before = await warnings(page);
            await page.keyboard.press('Control+Period');
            const items = page.locator('.action-widget .monaco-list-row');
            await items.first().waitFor({ timeout: 15000 });
            const offered = await items.allTextContents();
            // Walk the menu with the keyboard, as its rows ignore synthetic clicks while animating.
            await waitFor(page, `"${config.quickFix}" focused in the menu`, async () => {
                const focused = (await page.locator('.action-widget .monaco-list-row.focused').first().textContent().catch(() => '')) || '';
                if (focused.includes(config.quickFix)) {
                    return true;
                }
                await page.keyboard.press('ArrowDown');
                return null;
            }, 15000);
            await page.keyboard.press('Enter');
            const line = await waitFor(page, 'the fixed line', async () => {
                const text = (await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().textContent()) || '';
                return text.replace(/\u00a0/g, ' ').includes(config.quickFixText) ? true : null;
            }, 15000);
            const after = await waitFor(page, 'the warning count to change', async () => {
                const now = await warnings(page);
                return now !== before ? { count: now } : null;
            }, t);
            return { offered, before, after: after.count, changedFile: line };
        });
        /** Sets switchpoint.interpreter in the user settings, through the settings editor as a user would. */
        async function setInterpreter(interpreter) {
            await runCommand(page, 'Preferences: Open User Settings (JSON)');
            const settingsEditor = page.locator('.editor-group-container.active .monaco-editor .view-lines', { hasText: 'switchpoint.interpreter' });
            await settingsEditor.first().waitFor({ timeout: 15000 });
            await settingsEditor.first().click();
            await page.keyboard.press('Control+KeyA');
            await page.keyboard.insertText(JSON.stringify({ ...config.settings, 'switchpoint.interpreter': interpreter }));
            await page.keyboard.press('Control+KeyS');
        }

        async function failureToast(text) {
            const toast = page.locator('.notification-toast', { hasText: text });
            await toast.first().waitFor({ timeout: t });
            return {
                toast: toast.first(),
                message: await toast.first().locator('.notification-list-item-message').textContent(),
                buttons: await toast.first().locator('.monaco-button').allTextContents(),
            };
        }

        await step('start_failure', async () => {
            // No interpreter at the configured path, applied without a reload: the server cannot
            // start, and a notification says why, with a button to the log.
            await setInterpreter(config.missingInterpreter);
            const { toast, message, buttons } = await failureToast('switchpoint: the server could not start');
            await toast.locator('.monaco-button', { hasText: 'Show Log' }).click();
            const log = await waitFor(page, 'the log in the panel', async () => {
                const text = await page.locator('.part.panel .view-lines').first().textContent().catch(() => '');
                const plain = (text || '').replace(/\u00a0/g, ' '); // the editor renders spaces as no-break spaces
                return plain.includes('could not start') ? plain : null;
            }, 15000);
            const status = await statusBarItem(page, config.statusBarId);
            return { message, buttons, log, status };
        });
        await step('start_failure_no_switchpoint', async () => {
            // An interpreter that runs but has no switchpoint: the notification names the import error.
            await setInterpreter(config.interpreterWithoutSwitchpoint);
            const { message, buttons } = await failureToast('No module named');
            return { message, buttons };
        });
        await step('recover_and_restart', async () => {
            // Back to a working interpreter: the server comes back without a reload. Then the
            // Restart Server key binding, seen in the status bar's count of starts.
            await setInterpreter(config.settings['switchpoint.interpreter']);
            await page.locator('.tabs-container .tab', { hasText: config.file }).first().click();
            await page.locator('.editor-group-container.active .monaco-editor .view-lines', { hasText: 'class IODict' }).waitFor({ timeout: t });
            const recovered = await waitFor(page, 'the server running again, with points', async () => {
                const label = await statusBarItem(page, config.statusBarId);
                return label && /Server: running/.test(label) && !/: 0 switch points/.test(label) ? label : null;
            }, t);
            // The status bar counts the server's starts: the key binding must add one.
            const startsBefore = +recovered.match(/start (\d+)/)[1];
            await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
            await page.keyboard.press('Control+Alt+KeyR');
            const restarted = await waitFor(page, 'the restarted server', async () => {
                const label = await statusBarItem(page, config.statusBarId);
                const m = label && label.match(/Server: running \(start (\d+)\)/);
                return m && +m[1] > startsBefore ? label : null;
            }, t);
            return { recovered, restarted, startsBefore };
        });
    } finally {
        // The page as the run left it, to look at when a step failed.
        await page.screenshot({ path: config.endScreenshotPath }).catch(() => undefined);
        fs.writeFileSync(config.resultsPath, JSON.stringify(results, null, 2));
        await browser.close();
    }
})().catch((error) => {
    console.error(error);
    process.exit(1);
});
