// Builds the server (src/main.ts and everything it imports, bot/ included) into dist/server as
// plain JavaScript. `npm install` / `npm ci` run this (the `prepare` script), as does `npm run
// build`; `npm start` runs the built output and never compiles (scripts/check-build.mjs says how to
// build when dist/server is missing). Run through tsx, the same server held about 85 MB more when
// idle (tsx's module hooks on a thread of their own, its transpiler, and the source maps it keeps
// for every module). Tests and the command line still run the TypeScript directly through tsx.
//
// Packages stay external (loaded from node_modules as usual). Lazy `import()`s stay lazy: with
// code splitting they become chunks loaded only when called (the Graph adapters, the Word writer).
// `import.meta.url` is rewritten to the source file's own address, relative to the output, so
// files found beside the sources (the protocols, the demo directory, tab/dist) are found as before.
import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'server');

// esbuild comes with tsx (a dependency), so it is there on any install that can run the app.
const esbuild = await import('esbuild');

/** `import.meta.url` in a source file, as that file's URL computed from the output chunk's. */
const sourceFileUrls = {
  name: 'source-file-urls',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      // Every chunk is written to outdir itself, so one relative path serves wherever it lands.
      const fromOutput = relative(outdir, args.path).split('\\').join('/');
      return {
        contents: text.replaceAll(
          'import.meta.url',
          `new URL(${JSON.stringify(fromOutput)}, import.meta.url).href`,
        ),
        loader: 'ts',
      };
    });
  },
};

// The output is written over, never deleted first: a server already running from it (a second
// instance on PostgreSQL) may still load a lazy chunk, and chunk names carry a hash of their content,
// so a chunk it knows keeps its name and content.
await esbuild.build({
  entryPoints: { main: join(root, 'src', 'main.ts') },
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  packages: 'external',
  // Stack traces name the bundle's lines, which keep `// src/...` file comments; the maps are
  // written for `node --enable-source-maps` when wanted, and not loaded otherwise.
  sourcemap: 'linked',
  logLevel: 'warning',
  plugins: [sourceFileUrls],
});
