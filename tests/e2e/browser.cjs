// SPDX-License-Identifier: MIT
//
// Drives Debian's /usr/bin/chromium (through playwright-core, which downloads
// no browser) against the token playground served by lighttpd with the real
// responder, the way a person would use it: pick a token type, fill fields,
// Generate, Copy, read the decoded view; make an error happen; inspect a
// pasted token.  Prints "PASS desc" / "FAIL desc" / "# diag" / "TOKEN kind t"
// lines that browser.sh turns into TAP and checks further.  Saves a
// screenshot of the page.
//
//   node browser.cjs PLAYWRIGHT_CORE_DIR BASE_URL SCREENSHOT.png PROFILE_DIR
'use strict';

const [pwDir, base, shot, profile] = process.argv.slice(2);
const { chromium } = require(pwDir);

let failures = 0;
function pass(d) { console.log('PASS ' + d); }
function fail(d, why) {
  failures++;
  console.log('FAIL ' + d);
  if (why) String(why).split('\n').slice(0, 8).forEach((l) => console.log('# ' + l));
}
async function check(d, fn) {
  try {
    const r = await fn();
    if (r === false) fail(d); else pass(d);
  } catch (e) {
    fail(d, e && e.message ? e.message : e);
  }
}

async function main() {
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.AGT_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage'],
    viewport: { width: 1280, height: 900 },
    deviceScaleFactor: 1,
    timeout: 30000,
    locale: 'en-GB',
    timezoneId: 'Europe/Berlin',
  });
  const errors = [];
  try {
    await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    const page = ctx.pages()[0] || await ctx.newPage();
    page.setDefaultTimeout(10000);
    page.on('pageerror', (e) => errors.push('page error: ' + e.message));
    // HTTP errors the test provokes on purpose are logged as console errors
    // too; only script errors count.
    page.on('console', (m) => {
      if (m.type() === 'error' && !/^Failed to load resource/.test(m.text())) errors.push('console: ' + m.text());
    });

    await check('page loads and the server status turns ok', async () => {
      await page.goto(base + '/', { waitUntil: 'load' });
      await page.waitForSelector('#server-status.pill-ok');
    });
    await check('demo banner is visible before the first token (healthz names the demo app)', async () => {
      await page.waitForSelector('#demo-banner', { state: 'visible', timeout: 3000 });
    });

    // RTC with a uid: the main path.
    await check('RTC: generate shows a 007 token', async () => {
      await page.check('input[name=type][value=rtc]', { force: true });
      await page.fill('#f-channel', 'browser-room');
      await page.fill('#f-uid', '1234');
      await page.selectOption('#f-role', 'publisher');
      await page.click('#generate');
      await page.waitForFunction(() => /^007\S{40,}$/.test(document.getElementById('token').value));
    });
    const rtc = await page.inputValue('#token');
    await check('demo banner is visible for a demo app', async () => {
      await page.waitForSelector('#demo-banner', { state: 'visible', timeout: 3000 });
    });
    console.log('TOKEN rtc ' + rtc);

    await check('RTC: copy button puts the token on the clipboard', async () => {
      await page.click('#copy');
      await page.waitForSelector('#copy[data-copied]');
      const how = await page.getAttribute('#copy', 'data-copied');
      const clip = await page.evaluate(() => navigator.clipboard.readText().catch(() => null));
      if (clip !== rtc) throw new Error('clipboard holds ' + JSON.stringify(clip) + ' (' + how + ')');
    });
    await check('RTC: decoded view shows signature valid', async () => {
      await page.waitForSelector('#decoded', { state: 'visible' });
      await page.waitForSelector('#sig[data-signature=valid]');
    });
    await check('RTC: decoded view shows the channel and uid', async () => {
      const text = await page.textContent('#decoded-body');
      if (!text.includes('browser-room') || !text.includes('1234')) throw new Error(text.slice(0, 400));
    });
    await check('RTC: decoded view shows expiry in local time and relative', async () => {
      const rel = await page.$$eval('#decoded .rel', (ns) => ns.map((n) => n.textContent));
      const times = await page.$$eval('#decoded .time', (ns) => ns.map((n) => n.textContent));
      if (!rel.some((t) => /expires in (59|60) min/.test(t))) throw new Error('relative: ' + rel.join(' | '));
      if (!times.some((t) => /\d\d:\d\d:\d\d/.test(t))) throw new Error('times: ' + times.join(' | '));
    });
    await check('RTC: inspect box got the token', async () => (await page.inputValue('#inspect-input')) === rtc);

    // The other token types.
    const others = [
      ['rtm', async () => { await page.fill('#f-user', 'browser-user'); }, 'browser-user'],
      ['chat', async () => { await page.check('input[name=chatkind][value=user]', { force: true }); await page.fill('#f-chat-user', 'chatter'); }, 'chatter'],
      ['fpa', async () => {}, null],
      ['apaas', async () => { await page.check('input[name=apaaskind][value=room]', { force: true }); await page.fill('#f-room', 'class-7'); await page.fill('#f-apaas-user', 'pupil'); }, 'class-7'],
    ];
    for (const [type, fill, shown] of others) {
      await check(type.toUpperCase() + ': generate shows a token and its decoded view', async () => {
        const before = await page.inputValue('#token');
        await page.check('input[name=type][value=' + type + ']', { force: true });
        await fill();
        await page.click('#generate');
        await page.waitForFunction((b) => {
          const v = document.getElementById('token').value;
          return v !== b && /^00[67]\S{20,}$/.test(v);
        }, before);
        await page.waitForFunction((t) => document.getElementById('decoded-raw').textContent.includes(t),
          shown || '"signature"');
        await page.waitForSelector('#sig[data-signature=valid]');
      });
      console.log('TOKEN ' + type + ' ' + await page.inputValue('#token'));
    }

    // An error: a channel longer than Agora allows.
    await check('error: a 70-byte channel shows the server\'s error message', async () => {
      await page.check('input[name=type][value=rtc]', { force: true });
      await page.fill('#f-channel', 'x'.repeat(70));
      await page.click('#generate');
      await page.waitForSelector('#gen-error', { state: 'visible' });
      const t = await page.textContent('#gen-error');
      if (!/HTTP 400/.test(t) || !/channel/i.test(t)) throw new Error(t);
      if (await page.isVisible('#result')) throw new Error('a token is still shown');
    });

    await check('inspect: pasted garbage shows an error', async () => {
      await page.fill('#inspect-input', '007this-is-not-a-token');
      await page.click('#inspect');
      await page.waitForSelector('#insp-error', { state: 'visible' });
      const t = await page.textContent('#insp-error');
      if (!/HTTP 4\d\d/.test(t)) throw new Error(t);
    });

    // Leave the page in its most telling state for the screenshot.
    await check('inspect: pasting the RTC token decodes it again', async () => {
      await page.fill('#f-channel', 'browser-room');
      await page.click('#generate');
      await page.waitForSelector('#result', { state: 'visible' });
      await page.fill('#inspect-input', rtc);
      await page.click('#inspect');
      await page.waitForSelector('#sig[data-signature=valid]');
      await page.waitForFunction(() => document.getElementById('decoded-body').textContent.includes('browser-room'));
    });

    await check('no JavaScript errors', async () => {
      if (errors.length) throw new Error(errors.join('\n'));
    });
    await check('screenshot saved', async () => {
      await page.screenshot({ path: shot, fullPage: true });
    });
  } finally {
    await ctx.close();
  }
  return failures;
}

main().then((n) => process.exit(n ? 1 : 0), (e) => {
  fail('browser session', e && e.stack ? e.stack : e);
  process.exit(1);
});
