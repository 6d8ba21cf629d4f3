// The tab's build: `npm run build:tab` writes tab/dist, which the app's server serves at /tab/.
// `npm run dev:tab` serves it with hot reload and sends /api to `npm start` on port 3978.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const vendorChunks: Record<string, RegExp> = {
  react: /node_modules\/(react|react-dom|scheduler)\//,
  teams: /node_modules\/@microsoft\/teams-js\//,
  fluent:
    /node_modules\/(@fluentui|@griffel|tabster|@floating-ui|keyborg|@swc\/helpers|rtl-css-js|stylis|embla-carousel)/,
};

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/tab/',
  // No @vitejs/plugin-react: esbuild's automatic JSX runtime is all the tab needs.
  esbuild: { jsx: 'automatic' },
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 700,
    rollupOptions: {
      // Fluent's packages mark modules "use client" (for React Server Components); meaningless here.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
      output: {
        manualChunks(id) {
          for (const [name, pattern] of Object.entries(vendorChunks)) if (pattern.test(id)) return name;
          return undefined;
        },
      },
    },
  },
  server: { port: 5173, proxy: { '/api': 'http://127.0.0.1:3978' } },
});
