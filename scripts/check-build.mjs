// `npm start` runs the built server and never compiles (the `prestart` script runs this check, in
// a few milliseconds). The build is made by `npm install` / `npm ci` (the `prepare` script) or by
// `npm run build`; after editing the sources, run `npm run build` again.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(join(root, 'dist', 'server', 'main.mjs'))) {
  console.error(
    'cp-disputes: the server is not built (dist/server/main.mjs is missing). Run `npm run build` (or `npm install`), then `npm start`.',
  );
  process.exit(1);
}
if (!existsSync(join(root, 'tab', 'dist', 'index.html')))
  console.warn(
    'cp-disputes: the tab is not built (tab/dist is missing), so /tab/ will not answer. Run `npm run build` where dev dependencies are installed.',
  );
