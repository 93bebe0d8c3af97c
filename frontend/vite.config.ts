import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The Go server serves dist/ (embedded) at /; in development Vite serves the UI and
// forwards API calls to a server running on the default address.
export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/api': { target: 'http://localhost:8080', changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Libraries go to a few named chunks that stay cached across UI releases; pages are
    // loaded per route. antd alone is close to the default 500 kB warning, the JSON Schema
    // form renderer with its validator just above 1 MB.
    chunkSizeWarningLimit: 1100,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/, priority: 20 },
            { name: 'i18n', test: /node_modules[\\/](i18next|react-i18next)[\\/]/, priority: 20 },
            // The JSON Schema forms (RJSF, its validator, lodash) load only with the pages that render forms.
            { name: 'forms', test: /node_modules[\\/](@rjsf[\\/](core|utils|validator-ajv8)|@cfworker|ajv|ajv-formats|fast-uri|fast-deep-equal|json-schema-traverse|json-schema-merge-allof|json-schema-compare|jsonpointer|lodash|lodash-es|markdown-to-jsx|nanoid)[\\/]/, priority: 15 },
            // ECharts loads only with dashboards.
            { name: 'charts', test: /node_modules[\\/](echarts|zrender|tslib)[\\/]/, priority: 15 },
            // antd (with @rjsf/antd, RJSF's antd theme) and the rest are split by use, so the
            // sign-in page loads only what it shows.
          ],
        },
      },
    },
  },
  test: {
    // Node by default; files that need a DOM say so with @vitest-environment happy-dom.
    environment: 'node',
    include: ['src/**/*.test.{ts,tsx}'],
    // The query builder's antd set imports antd's files without extensions, which Node's
    // own loader refuses; Vite resolves them when it transforms the package.
    server: { deps: { inline: [/@react-querybuilder/] } },
  },
});
