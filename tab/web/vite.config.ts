import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The tab's front end. The server serves the build under /tab/ (index.html = the tab,
 * config.html = the channel tab's configuration page). Pages are React.lazy chunks, so a person
 * downloads only the pages their role shows.
 */
export default defineConfig({
  root,
  base: '/tab/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    // Teams clients are recent Edge/Chrome/WebView2 and Safari (mobile).
    target: 'es2022',
    rolldownOptions: {
      input: {
        main: fileURLToPath(new URL('./index.html', import.meta.url)),
        config: fileURLToPath(new URL('./config.html', import.meta.url)),
      },
      output: {
        codeSplitting: {
          // Only what every page needs goes to shared vendor chunks; libraries used by one page
          // (recharts on the dashboard) stay in that page's lazy chunk.
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: 'teams-js', test: /node_modules[\\/]@microsoft[\\/]teams-js[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
    // `npm start` runs the API on 3978; the dev server forwards to it so the app is same-origin.
    proxy: { '/api': 'http://127.0.0.1:3978' },
  },
  preview: { host: '127.0.0.1', port: 4173, proxy: { '/api': 'http://127.0.0.1:3978' } },
});
