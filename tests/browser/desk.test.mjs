// Browser tests of `crosscheck serve` in Debian's Chromium, driven by
// playwright-core (no browser download). Run by tests/browser/run.sh, which
// adds the seeds (examples/border-clash) and a hostile report (hostile.jsonl)
// to a store, starts `crosscheck serve --db` on it and sets:
//   DESK_URL     the server's base URL, e.g. http://127.0.0.1:41234
//   ARTIFACTS    where screenshots go (in the build directory)
//   PROFILE_DIR  a fresh, empty Chromium profile directory
// Exits 0 when every check passes, 1 with the failures listed otherwise.
import assert from 'node:assert/strict';
import path from 'node:path';
import { chromium } from 'playwright-core';

const base = process.env.DESK_URL;
const artifacts = process.env.ARTIFACTS;
const profile = process.env.PROFILE_DIR;
assert.ok(base && artifacts && profile, 'DESK_URL, ARTIFACTS and PROFILE_DIR must be set');

const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1280, height: 900 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

const failures = [];
async function check(name, fn) {
  const page = await context.newPage();
  try {
    await fn(page);
    console.log(`ok   ${name}`);
  } catch (e) {
    failures.push(name);
    console.log(`FAIL ${name}\n     ${String(e && e.stack || e).split('\n').join('\n     ')}`);
    await page.screenshot({ path: path.join(artifacts, `failed-${name.replace(/\W+/g, '-')}.png`), fullPage: true })
      .catch(() => {});
  } finally {
    await page.close();
  }
}

async function json(page, url) {
  const response = await page.request.get(base + url);
  assert.equal(response.status(), 200, url);
  return response.json();
}

// The story holding the seeds (the story of report 000).
async function seedStory(page) {
  const doc = await json(page, '/api/document/000_7c613e6085f4abe8');
  assert.ok(doc.story, 'report 000 is in a story');
  return doc.story;
}

await check('story list puts open conflicts first', async (page) => {
  await page.goto(base + '/');
  const first = page.locator('table.stories tbody tr').first();
  await first.locator('.badge.conflict').waitFor();
  assert.match(await first.locator('.badge.conflict').innerText(), /2 conflicts/i);
  assert.match(await first.innerText(), /58 vs 23/);
  await page.screenshot({ path: path.join(artifacts, 'story-list.png'), fullPage: true });
});

await check('story page shows killed as a conflict of 58 (5 reports, 1 independent) against 23', async (page) => {
  const story = await seedStory(page);
  // What the JSON says for the seeds, and what the page must show.
  const api = await json(page, '/api/story/' + encodeURIComponent(story));
  const killed = api.story.slots.find((s) => s.type === 'killed' && s.subject_side === 'Pakistan');
  assert.equal(killed.status, 'conflict');
  assert.deepEqual(killed.values.map((v) => [v.value, v.reports, v.independent]), [[58, 5, 1], [23, 1, 1]]);

  await page.goto(base + '/story/' + encodeURIComponent(story));
  const slot = page.locator('section.slot[data-type="killed"][data-side="Pakistan"]');
  assert.equal(await slot.getAttribute('class'), 'slot conflict');
  assert.match(await slot.locator('h3 .badge').innerText(), /^conflict$/i);
  const values = slot.locator('li.value');
  assert.equal(await values.count(), 2);
  assert.equal(await values.nth(0).locator('.figure').innerText(), '58');
  assert.equal(await values.nth(0).locator('.support').innerText(), '5 reports · 1 independent');
  assert.equal(await values.nth(1).locator('.figure').innerText(), '23');
  assert.equal(await values.nth(1).locator('.support').innerText(), '1 report · 1 independent');
  // The disputed slot is the first card a reader sees.
  assert.equal(await page.locator('section.slot').first().getAttribute('data-type'), 'killed');
  assert.ok(await slot.isVisible());
  await page.screenshot({ path: path.join(artifacts, 'story.png'), fullPage: true });
  await page.screenshot({ path: path.join(artifacts, 'story-top.png') });
});

await check('a click on 23 opens its report with its sentence highlighted', async (page) => {
  const story = await seedStory(page);
  await page.goto(base + '/story/' + encodeURIComponent(story));
  const slot = page.locator('section.slot[data-type="killed"][data-side="Pakistan"]');
  await slot.locator('li.value').nth(1).locator('a.figure').click();
  await page.waitForURL(/\/doc\/002_408996be704aa27f\?claim=c20#c20$/);
  const doc = await json(page, '/api/document/002_408996be704aa27f');
  const claim = doc.claims.find((c) => c.id === 'c20');
  assert.equal(claim.value, 23);
  const highlighted = (await page.locator('article .target').allInnerTexts()).join('');
  assert.equal(highlighted, claim.sentence);
  assert.match(claim.sentence, /death of 23 of its soldiers/);
  assert.equal((await page.locator('article .target-claim').allInnerTexts()).join(''), 'death of 23 of its soldiers');
  // Scrolled to: the highlighted figure is inside the viewport.
  const box = await page.locator('article .target-claim').first().boundingBox();
  const height = await page.evaluate(() => window.innerHeight);
  assert.ok(box && box.y >= 0 && box.y + box.height <= height, `figure at ${JSON.stringify(box)}, viewport ${height}`);
  const background = await page.locator('article .target').first().evaluate((e) => getComputedStyle(e).backgroundColor);
  assert.notEqual(background, 'rgba(0, 0, 0, 0)', 'the sentence has a highlight colour');
  await page.screenshot({ path: path.join(artifacts, 'document.png') });
});

await check('a hostile report renders as text and runs nothing', async (page) => {
  const dialogs = [];
  const requests = [];
  page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
  page.on('request', (r) => requests.push(r.url()));
  const doc = await json(page, '/api/document/hostile');
  // A search for the words finds the report; one for the markup itself is
  // not valid FTS5 syntax (400) and its page shows the query as text.
  const pages = [['/doc/hostile', 200], ['/story/' + encodeURIComponent(doc.story), 200], ['/?sort=newest', 200],
                 ['/search?q=script', 200], ['/search?q=' + encodeURIComponent('"><script>alert(9)</script>'), 400],
                 ['/entity/e1', 200]];
  for (const [url, status] of pages) {
    requests.length = 0;
    const response = await page.goto(base + url);
    assert.equal(response.status(), status, url);
    const csp = response.headers()['content-security-policy'];
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    await page.waitForLoadState('networkidle');
    const unexpected = requests.filter((u) => u !== base + url && u !== base + '/assets/style.css');
    assert.deepEqual(unexpected, [], `requests from ${url}`);
    assert.equal(await page.evaluate(() => window.__pwned), undefined, url);
    assert.equal(await page.locator('main script, main img, main iframe, main [onerror]').count(), 0, url);
    assert.equal(await page.locator('a[href^="javascript" i]').count(), 0, url);
  }
  await page.goto(base + '/search?q=script');
  assert.ok(await page.locator('ol.hits a[href="/doc/hostile"]').count() === 1, 'the search finds the hostile report');
  await page.goto(base + '/doc/hostile');
  const text = await page.locator('article').innerText();
  assert.ok(text.includes("<script>window.__pwned = 'body'; alert(2)</script>"), text);
  assert.ok(text.includes(`"><img src=x onerror="window.__pwned='img'; alert(3)">`), text);
  assert.ok(text.includes(`<a href="javascript:window.__pwned='link'; alert(4)">click here</a>`), text);
  assert.ok(text.includes('javascript:alert(5)'), text);
  assert.ok(await page.getByText('javascript:alert(8)').isVisible(), 'the report URL is shown as text');
  assert.ok(await page.getByText('<img src=x onerror=alert(7)>').first().isVisible(), 'the outlet as text');
  // Clicking the would-be link text does nothing either.
  await page.locator('article').getByText('click here').click();
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(dialogs, []);
  await page.screenshot({ path: path.join(artifacts, 'hostile.png'), fullPage: true });
});

await context.close();
if (failures.length) {
  console.log(`${failures.length} browser check(s) failed: ${failures.join('; ')}`);
  process.exit(1);
}
console.log(`all browser checks passed; screenshots in ${artifacts}`);
