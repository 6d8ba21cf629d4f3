// Builds the tab into tab/dist (vite), then writes .br and .gz beside each script so the server
// sends them compressed (@fastify/static `preCompressed`). `npm run build:tab` runs this; so does
// `npm install` / `npm ci` (the `prepare` script, with --if-possible: an install without dev
// dependencies has no vite, and then the build is skipped with a note rather than failing).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const here = new URL('.', import.meta.url).pathname;
let vite;
try {
  vite = await import('vite');
} catch {
  if (process.argv.includes('--if-possible')) {
    console.warn(
      'cp-disputes: vite is not installed (an install without dev dependencies), so the tab was not built. Run `npm run build:tab` where dev dependencies are installed.',
    );
    process.exit(0);
  }
  console.error('cp-disputes: vite is not installed: run `npm install` first.');
  process.exit(1);
}

await vite.build({ configFile: join(here, 'vite.config.ts') });

const assets = join(here, 'dist', 'assets');
let raw = 0;
let br = 0;
for (const name of readdirSync(assets)) {
  if (!/\.(js|css|svg)$/.test(name)) continue;
  const data = readFileSync(join(assets, name));
  const brotli = brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
  writeFileSync(join(assets, `${name}.br`), brotli);
  writeFileSync(join(assets, `${name}.gz`), gzipSync(data, { level: 9 }));
  raw += data.length;
  br += brotli.length;
}
console.log(
  `cp-disputes: tab built in tab/dist (${Math.round(raw / 1024)} kB of assets, ${Math.round(br / 1024)} kB with brotli).`,
);
