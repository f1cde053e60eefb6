// folio.test.mjs - folio's pages in a real browser: headless Debian
// Chromium driven by playwright-core (tests/e2e/package.json pins it; no
// browser is downloaded: /usr/bin/chromium, or $CHROMIUM).
//
// It builds nothing. $FOLIO_BIN is the folio binary the build made (meson
// sets it, and FOLIO_BUILD, for every test). The test loads the demo
// portfolio into a temporary database, gives its users their demo
// passwords, has eight of the ten programmes send their April 2018 returns
// through the command line (the ones the demo programme manager does not
// look after), starts `folio serve` on a free loopback port and then, in
// the browser, walks the monthly cycle as three people would:
//
//   1. the programme manager signs in and submits two returns through the
//      form: Optimising Response with its key milestone OR-M2 forecast five
//      months past its baseline (a time tolerance of 30 days), and Public
//      Access and First Contact rated Red (a confidence tolerance);
//   2. the portfolio office signs in, reviews every return on the period's
//      page and publishes April, which raises the exceptions;
//   3. a board member signs in, opens the PIB exception report for April
//      and finds both exceptions in it.
//
// Besides: signing in with the keyboard alone (Tab and Enter), the pages
// working with JavaScript turned off, and, on every page any test opens,
// no console error, no page error, no CSP violation and no failed
// request. Screenshots of each step go to $FOLIO_BUILD/test-output/e2e/.
//
// Run: node --test --test-reporter=tap tests/e2e/folio.test.mjs (meson
// test e2e does; `make deps` installs node, npm, chromium and the node
// modules).

import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const here = path.dirname(new URL(import.meta.url).pathname);

const FOLIO_BIN = process.env.FOLIO_BIN;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SHOTS = path.join(process.env.FOLIO_BUILD || path.join(here, '..', '..', 'build'),
	'test-output', 'e2e');
// Under AddressSanitizer, and with other tests sharing the two cores, a
// paper can take seconds to write the first time.
const TIMEOUT = 60000;
const MONTH = '2018-04';

const USERS = {
	pm: { username: 'h.delaney', password: 'demo-programme_manager' },
	pmo: { username: 'g.okafor', password: 'demo-portfolio_office' },
	board: { username: 'm.achterberg', password: 'demo-board_member' },
	viewer: { username: 's.whitlock', password: 'demo-viewer' },
};
// The programmes the demo programme manager's scope holds: their returns
// go through the browser; every other programme's through the CLI.
const PM_PROGRAMMES = ['OR', 'PAFC'];

let chromium;
let tmp;
let db;
let server;
let serverExit;
let base;
let browser;
let shot = 0;
// Every page any test opened, with what went wrong on it.
const watched = [];
// Console messages a test has said it expects (a form refused with 400
// is logged by Chromium as a resource that failed to load).
const expectedConsole = [];

function folio(...args)
{
	return execFileSync(FOLIO_BIN, ['--db', db, ...args], {
		encoding: 'utf8', env: { ...process.env, FOLIO_USER: 'e2e-setup' },
	});
}

// Starts folio serve on port 0 and resolves with the address it prints.
function startServer()
{
	return new Promise((resolve, reject) => {
		let out = '';
		let err = '';

		server = spawn(FOLIO_BIN, ['--db', db, 'serve', '--listen', '127.0.0.1:0',
			'--threads', '2', '--log', path.join(tmp, 'access.log')],
		{ stdio: ['ignore', 'pipe', 'pipe'] });
		serverExit = new Promise((res) => server.on('exit', (code, sig) => res({ code, sig })));
		server.stdout.on('data', (d) => {
			out += d;
			const m = out.match(/at (http:\/\/127\.0\.0\.1:\d+)\//);
			if (m)
				resolve(m[1]);
		});
		server.stderr.on('data', (d) => { err += d; });
		server.on('exit', (code) => reject(new Error(`folio serve exited (${code}): ${err}`)));
		setTimeout(() => reject(new Error(`folio serve did not start: ${out} ${err}`)), 30000);
	});
}

// A new browser context (its own cookies) whose pages are all watched.
async function newContext(options = {})
{
	const ctx = await browser.newContext({
		viewport: { width: 1280, height: 900 },
		locale: 'en-GB',
		timezoneId: 'Europe/London',
		...options,
	});
	ctx.setDefaultTimeout(TIMEOUT);
	ctx.setDefaultNavigationTimeout(TIMEOUT);
	ctx.on('page', watch);
	return ctx;
}

function watch(page)
{
	const w = { page, problems: [], urls: new Set() };

	watched.push(w);
	page.on('console', (msg) => {
		// CSP violations are reported as console errors, so they land here too.
		if ((msg.type() === 'error' || msg.type() === 'warning') &&
		    !expectedConsole.some((re) => re.test(msg.text())))
			w.problems.push(`console ${msg.type()} on ${page.url()}: ${msg.text()}`);
	});
	page.on('pageerror', (e) => w.problems.push(`page error on ${page.url()}: ${e.message}`));
	page.on('requestfailed', (req) => {
		// A download ends its navigation as "aborted": that is not a failure.
		if (req.failure()?.errorText !== 'net::ERR_ABORTED')
			w.problems.push(`request failed: ${req.url()}: ${req.failure()?.errorText}`);
	});
	page.on('response', (res) => {
		// A page refusing a form (400) is the test's to check, not a fault.
		if (res.status() >= 400 && !res.request().isNavigationRequest())
			w.problems.push(`HTTP ${res.status()} for ${res.url()}`);
	});
	page.on('framenavigated', (f) => {
		if (f === page.mainFrame())
			w.urls.add(new URL(f.url()).pathname);
	});
}

async function screenshot(page, name)
{
	shot++;
	const file = path.join(SHOTS, `${String(shot).padStart(2, '0')}-${name}.png`);

	await page.screenshot({ path: file, fullPage: true });
	return file;
}

// Signs in through the form as a person would: fields, then the button.
async function signIn(ctx, who)
{
	const page = await ctx.newPage();

	await page.goto(`${base}/login`);
	await page.fill('#username', USERS[who].username);
	await page.fill('#password', USERS[who].password);
	await Promise.all([page.waitForURL(/\/dashboard$/), page.click('#sign-in')]);
	return page;
}

// Clicks and waits for the page the POST redirects to.
async function submitAndWait(page, selector, urlPattern)
{
	await Promise.all([page.waitForURL(urlPattern), page.click(selector)]);
}

async function text(page, selector)
{
	return (await page.locator(selector).first().innerText()).replace(/\s+/g, ' ').trim();
}

before(async () => {
	assert.ok(FOLIO_BIN, 'FOLIO_BIN must name the folio binary (meson test sets it)');
	try {
		({ chromium } = require('playwright-core'));
	} catch (e) {
		throw new Error('playwright-core is not installed: run `make deps` ' +
			'(npm ci --prefix tests/e2e)');
	}
	assert.ok(fs.existsSync(CHROMIUM), `no browser at ${CHROMIUM}: run \`make deps\` (Debian chromium)`);
	fs.rmSync(SHOTS, { recursive: true, force: true });
	fs.mkdirSync(SHOTS, { recursive: true });

	tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-e2e-'));
	db = path.join(tmp, 'folio.db');
	folio('demo');
	folio('user', 'demo-passwords');

	// Every programme due but the programme manager's sends its return
	// from the command line, unchanged from the template.
	const status = folio('period', 'status', MONTH);
	const due = [...status.matchAll(/^([A-Z][A-Z0-9-]*)\s+missing\b/gm)].map((m) => m[1]);
	assert.ok(due.length >= 3, `programmes due in ${MONTH}: ${status}`);
	for (const code of PM_PROGRAMMES)
		assert.ok(due.includes(code), `${code} is due in ${MONTH}`);
	const files = due.filter((code) => !PM_PROGRAMMES.includes(code)).map((code) => {
		const file = path.join(tmp, `${code}.json`);

		folio('return', 'template', code, '--period', MONTH, '--out', file);
		return file;
	});
	folio('return', 'submit', ...files);

	base = await startServer();
	browser = await chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		// playwright gives every launch a new empty profile directory.
		// Without the background-networking flags Chromium keeps trying
		// hosts this closed network refuses; as root it needs --no-sandbox.
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
			'--disable-background-networking', '--disable-component-update',
			'--disable-sync', '--disable-dev-shm-usage'],
	});
});

after(async () => {
	if (browser)
		await browser.close();
	if (server && server.exitCode === null) {
		server.kill('SIGTERM');
		await serverExit;
	}
	if (tmp)
		fs.rmSync(tmp, { recursive: true, force: true });
});

// Nothing may have gone wrong on any page the test opened.
afterEach(() => {
	const problems = watched.flatMap((w) => w.problems);

	watched.length = 0;
	expectedConsole.length = 0;
	assert.deepEqual(problems, [], 'console errors, CSP violations or failed requests');
});

test('signing in with the keyboard alone', async () => {
	const ctx = await newContext();
	const page = await ctx.newPage();

	await page.goto(`${base}/login`);
	// The first Tab reaches the skip link, which shows itself when focused.
	await page.keyboard.press('Tab');
	assert.equal(await page.evaluate(() => document.activeElement.textContent),
		'Skip to main content');
	assert.ok(await page.locator('.skip-link').isVisible());

	// Tab on to the username: it must come within a few presses.
	let tabs = 1;
	while (await page.evaluate(() => document.activeElement.id) !== 'username') {
		assert.ok(tabs++ < 6, 'the username field is reached with Tab');
		await page.keyboard.press('Tab');
	}
	// The focused field shows the focus ring (an outline or a box shadow).
	const ring = await page.evaluate(() => {
		const s = getComputedStyle(document.activeElement);
		return { outline: s.outlineStyle, shadow: s.boxShadow };
	});
	assert.ok(ring.outline !== 'none' || ring.shadow !== 'none', `a visible focus ring: ${JSON.stringify(ring)}`);
	await page.keyboard.type(USERS.viewer.username);
	await page.keyboard.press('Tab');
	assert.equal(await page.evaluate(() => document.activeElement.id), 'password');
	await page.keyboard.type(USERS.viewer.password);
	await page.keyboard.press('Tab');
	assert.equal(await page.evaluate(() => document.activeElement.id), 'sign-in');
	await screenshot(page, 'keyboard-sign-in');
	await Promise.all([page.waitForURL(/\/dashboard$/), page.keyboard.press('Enter')]);
	assert.match(await text(page, 'h1'), /^Portfolio dashboard/);
	assert.match(await text(page, '.header-user'), /s\.whitlock|Signed in as/);
	await ctx.close();
});

test('the programme manager submits returns that breach tolerances', async () => {
	const ctx = await newContext();
	const page = await signIn(ctx, 'pm');

	await screenshot(page, 'pm-dashboard');
	// Optimising Response: from the programmes list to its return.
	await page.click('nav a:has-text("Programmes")');
	await page.click('a:has-text("Optimising Response")');
	await page.waitForURL(/\/programmes\/OR$/);
	await Promise.all([page.waitForURL(new RegExp(`/returns/OR/${MONTH}$`)), page.click('#return-link')]);
	assert.match(await text(page, 'h1'), /Optimising Response, April 2018/);

	await page.selectOption('#dca', 'Amber');
	await page.selectOption('#sro_dca', 'Amber');
	await page.fill('#headline', 'IVMA for the new fleet slips to November');
	await page.fill('#achievements', 'Current response fleet fitted with IVMA.');
	await page.fill('#next_period', 'Agree a revised fitting plan with the fleet supplier.');
	await page.fill('#commentary', 'The supplier cannot fit vehicles joining the fleet before the autumn: ' +
		'IVMA in every vehicle is now forecast for 30 November 2018, five months after its baseline.');
	await page.fill('#spend_to_date', '£1,250,000');
	await page.fill('#forecast', '£11,800,000');
	// The key milestone, five months past its baseline of 29 June 2018.
	assert.match(await text(page, '#return-milestones'), /IVMA in every vehicle.*\(key\).*29 June 2018/);
	await page.fill('#forecast_OR-M2', '2018-11-30');
	await screenshot(page, 'pm-return-or-filled');
	await submitAndWait(page, '#submit-return', /\?done=submitted$/);
	assert.match(await text(page, '.banner-success'), /has been submitted to the portfolio office/);
	assert.match(await text(page, '.lead'), /Version 1: submitted, submitted by h\.delaney/);
	assert.equal(await page.inputValue('#forecast_OR-M2'), '2018-11-30');
	await screenshot(page, 'pm-return-or-submitted');

	// Public Access and First Contact: rated Red.
	await page.goto(`${base}/programmes/PAFC`);
	await Promise.all([page.waitForURL(new RegExp(`/returns/PAFC/${MONTH}$`)), page.click('#return-link')]);
	await page.selectOption('#dca', 'Red');
	await page.fill('#headline', 'Online reporting release blocked by the legal process');
	await page.fill('#commentary', 'The July release cannot go ahead until the DMPC decides; ' +
		'the programme cannot deliver its benefits this year without it.');
	// Submitting without a headline is refused with an error summary that
	// links to the field; the rest of what was typed is kept.
	await page.fill('#headline', '');
	expectedConsole.push(/status of 400 \(Bad Request\)/);
	const [refused] = await Promise.all([
		page.waitForResponse((res) => res.request().method() === 'POST'),
		page.click('#submit-return'),
	]);
	assert.equal(refused.status(), 400);
	await page.waitForLoadState();
	expectedConsole.pop();
	assert.match(await text(page, '.error-summary'), /There is a problem/);
	assert.equal(await page.locator('.error-summary a[href="#headline"]').count(), 1);
	assert.equal(await page.inputValue('#dca'), 'Red');
	await screenshot(page, 'pm-return-pafc-error');
	await page.click('.error-summary a[href="#headline"]');
	assert.equal(await page.evaluate(() => document.activeElement.id), 'headline');
	await page.keyboard.type('Online reporting release blocked by the legal process');
	await submitAndWait(page, '#submit-return', /\?done=submitted$/);
	assert.match(await text(page, '.banner-success'), /has been submitted/);
	await screenshot(page, 'pm-return-pafc-submitted');
	await ctx.close();
});

test('the portfolio office reviews every return and publishes the month', async () => {
	const ctx = await newContext();
	const page = await signIn(ctx, 'pmo');

	await page.click('nav a:has-text("Periods")');
	await page.waitForURL(/\/periods$/);
	await Promise.all([page.waitForURL(new RegExp(`/periods/${MONTH}$`)),
		page.click('#periods a:has-text("April 2018")')]);
	assert.match(await text(page, '.lead'), /State: submitted\. (\d+) of \1 active programmes have submitted; 0 reviewed/);
	// The two returns from the browser are there with their ratings.
	assert.match(await text(page, '#period-returns tr:has-text("Public Access")'), /Submitted.*Red/);
	await screenshot(page, 'pmo-period-submitted');

	// Read the Red return before marking it reviewed.
	await Promise.all([page.waitForURL(new RegExp(`/returns/PAFC/${MONTH}$`)),
		page.click('#period-returns a:has-text("Public Access")')]);
	assert.match(await text(page, '#return-summary'), /Delivery confidence Red/);
	await submitAndWait(page, '#mark-reviewed', /\?done=reviewed$/);

	// The rest from the period's table, one button at a time.
	let reviewed = 1;
	for (;;) {
		const button = page.locator('#period-returns button[id^="review-"]').first();

		if (await button.count() === 0)
			break;
		await submitAndWait(page, `#${await button.getAttribute('id')}`, /\?done=reviewed$/);
		assert.match(await text(page, '.banner-success'), /marked as reviewed/);
		assert.ok(++reviewed <= 20, 'reviewing ends');
	}
	assert.match(await text(page, '.lead'), new RegExp(`${reviewed} reviewed`));
	assert.match(await text(page, '.lead'), /State: reviewed/);
	await screenshot(page, 'pmo-period-reviewed');

	await submitAndWait(page, '#publish', /\?done=published$/);
	assert.match(await text(page, '.banner-success'), /The period has been published/);
	assert.match(await text(page, '.lead'), /State: published\..*Published by g\.okafor/);
	assert.equal(await page.locator('#publish').count(), 0);
	await screenshot(page, 'pmo-period-published');

	// The exceptions publication raised are on the dashboard as at April.
	await page.goto(`${base}/dashboard?as_at=${MONTH}`);
	assert.match(await page.locator('main').innerText(), /Improving Public Access and First Contact/);
	await ctx.close();
});

test('a board member reads the exceptions in the PIB report', async () => {
	const ctx = await newContext();
	const page = await signIn(ctx, 'board');

	// The board's dashboard is as at the latest published month: April,
	// with the Red rating and the exceptions publishing raised.
	assert.match(await text(page, '.lead'), /end of April 2018/);
	assert.match(await text(page, '#programme-ratings tr:has-text("Public Access")'), /Red/);
	assert.match(await text(page, '#exceptions'), /EX-2018-04-PAFC-confidence.*confidence.*breach/);
	await screenshot(page, 'board-dashboard');
	await page.click('nav a:has-text("Reports")');
	await page.waitForURL(/\/reports$/);
	const link = page.locator('#reports a', {
		hasText: 'Read the Portfolio Investment Board exception report for April 2018',
	});
	assert.equal(await link.count(), 1, 'the April PIB report is listed for the board');
	await screenshot(page, 'board-reports');
	await Promise.all([page.waitForURL(new RegExp(`/reports/pib/${MONTH}$`)), link.click()]);
	const paper = (await page.locator('body').innerText()).replace(/\s+/g, ' ');

	assert.match(paper, /exception report/i);
	assert.match(paper, /Exceptions for April 2018/);
	// The Red rating: a confidence exception raised at publication.
	assert.match(paper, /EX-2018-04-PAFC-confidence/);
	assert.match(paper, /Improving Public Access and First Contact: confidence tolerance breached/);
	// The slipped key milestone, with its new forecast, in the time exception's evidence.
	assert.match(paper, /EX-2018-04-OR-time/);
	assert.match(paper, /Key milestone OR-M2 'IVMA in every vehicle, new fleet included' is forecast 154 days after its baseline of 29 June 2018/);
	await screenshot(page, 'board-pib-report');
	await page.locator('h3', { hasText: 'confidence tolerance breached' })
		.evaluate((h) => h.scrollIntoView({ block: 'start' }));
	await page.screenshot({ path: path.join(SHOTS, `${String(++shot).padStart(2, '0')}-board-pib-exception.png`) });
	await ctx.close();
});

test('pages work with JavaScript turned off', async () => {
	const ctx = await newContext({ javaScriptEnabled: false });
	const page = await signIn(ctx, 'viewer');
	const pages = ['/dashboard', '/programmes', '/programmes/OR', '/risks', '/milestones',
		`/periods/${MONTH}`, `/returns/PAFC/${MONTH}`];

	for (const p of pages) {
		const res = await page.goto(base + p);

		assert.equal(res.status(), 200, p);
		// The policy the console check holds the page to.
		assert.match(res.headers()['content-security-policy'] || '',
			/default-src 'self'; script-src 'self'; style-src 'self'/, `${p}: CSP`);
		assert.equal(await page.locator('h1').count(), 1, `${p}: one h1`);
		assert.equal(await page.locator('script').count(), 0, `${p}: no script`);
		// The stylesheet applied: the header is dark, the body text not tiny.
		const style = await page.evaluate(() => ({
			header: getComputedStyle(document.querySelector('.header')).backgroundColor,
			size: parseFloat(getComputedStyle(document.body).fontSize),
		}));
		assert.notEqual(style.header, 'rgba(0, 0, 0, 0)', `${p}: folio.css applied`);
		assert.ok(style.size >= 16, `${p}: body text ${style.size}px`);
	}
	// A form without JavaScript: the risk register's filters (a GET form).
	await page.goto(`${base}/risks`);
	assert.match(await text(page, 'h1'), /Risk register/);
	await page.selectOption('#programme', 'OR');
	await Promise.all([page.waitForURL(/\/risks\?.*programme=OR/), page.click('#apply-filters')]);
	assert.equal(await page.inputValue('#programme'), 'OR');
	const rows = await page.locator('#risk-register tbody tr').allInnerTexts();
	assert.ok(rows.length > 0, 'the filter leaves some risks');
	for (const row of rows)
		assert.match(row, /^OR-/, `only Optimising Response's risks: ${row}`);
	await screenshot(page, 'nojs-risks');
	await page.goto(`${base}/dashboard?as_at=${MONTH}`);
	assert.match(await text(page, 'main'), /Red/);
	await screenshot(page, 'nojs-dashboard');
	// Signing out is a form too.
	await submitAndWait(page, '#sign-out', /\/login\?done=signed-out$/);
	assert.match(await text(page, '.banner-success'), /You have signed out/);
	await ctx.close();
});

test('the portfolio office follows a milestone to the knock-on of its slipping', async () => {
	const ctx = await newContext();
	const page = await signIn(ctx, 'pmo');

	// From the programme's page: each milestone still to come links to it.
	await page.goto(`${base}/programmes/EST`);
	const link = page.locator('#milestones tr:has-text("First BCU building works complete") a',
		{ hasText: 'Knock-on of 30 days' });
	assert.equal(await link.count(), 1, 'EST-M4 has its knock-on link');
	await Promise.all([page.waitForURL(/\/impact\?milestone=EST-M4&slip=30d$/), link.click()]);
	assert.equal(await page.inputValue('#milestone'), 'EST-M4');
	// A longer slip, through the form.
	await page.fill('#slip', '120d');
	await Promise.all([page.waitForURL(/\/impact\?milestone=EST-M4&slip=120d$/),
		page.click('#show-impact')]);
	assert.match(await text(page, '#impact-headline'), /Moving EST-M4 by 120 days moves .*SLP-M2 \(SLP\)/);
	const row = await text(page, '#impact-milestones tr:has-text("SLP-M2")');
	assert.match(row, /BCU implementation complete/);
	assert.match(row, /breach$/);
	await screenshot(page, 'pmo-knock-on');
	// And from the dependencies between programmes.
	await page.goto(`${base}/dependencies`);
	assert.ok(await page.locator('#dependencies a', { hasText: 'Knock-on of 30 days' }).count() > 0,
		'dependencies link to the knock-on');
	await ctx.close();
});

test('folio serve stops cleanly on SIGTERM', async () => {
	server.kill('SIGTERM');
	const { code, sig } = await serverExit;

	assert.equal(sig, null);
	assert.equal(code, 0);
	const log = fs.readFileSync(path.join(tmp, 'access.log'), 'utf8');
	assert.match(log, /^127\.0\.0\.1 POST \/periods\/2018-04\/publish 303 /m);
	assert.doesNotMatch(log, / 5\d\d \d+ [\d.]+ms /, 'no server error in the access log');
});
