const { chromium } = require('playwright-core');
(async () => {
  const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const p = await b.newPage({ viewport: { width: 1000, height: 900 } });
  const [name, ...starts] = process.argv.slice(2);
  await p.goto(`file:///work/main/site/${name}.html`);
  for (const y of starts) await p.screenshot({ path: `/tmp/part-${name}-${y}.png`, clip: { x: 0, y: Number(y), width: 1000, height: 1800 }, fullPage: true });
  await b.close();
})();
