import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import type { Request, Response, Server } from 'restify';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
  '.map': 'application/json',
};

/**
 * Serves the built tab (tab/web/dist) under /tab/. Hashed assets are cached for a year; HTML never,
 * so a deploy is picked up at once. Paths cannot leave the folder.
 */
export function serveTab(server: Server, distDir: string): void {
  const root = normalize(distDir + sep);
  const handler = async (req: Request, res: Response) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/tab\/?/, '');
    let file = normalize(join(root, path || 'index.html'));
    if (!file.startsWith(root)) {
      res.status(404);
      res.end();
      return;
    }
    if (!existsSync(file) || statSync(file).isDirectory()) {
      // Client-side routes fall back to the app shell; missing assets are 404s.
      if (extname(file)) {
        res.status(404);
        res.end();
        return;
      }
      file = join(root, 'index.html');
    }
    if (!existsSync(file)) {
      res.status(503);
      res.setHeader('content-type', 'text/plain; charset=utf-8');
      res.end('The tab has not been built yet: run `npm run build:tab`.');
      return;
    }
    res.status(200);
    res.setHeader('content-type', TYPES[extname(file)] ?? 'application/octet-stream');
    res.setHeader(
      'cache-control',
      file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
    );
    res.setHeader('x-content-type-options', 'nosniff');
    await new Promise<void>((resolve, reject) => {
      createReadStream(file).on('error', reject).on('end', resolve).pipe(res);
    });
  };
  server.get('/tab', handler);
  server.get('/tab/*', handler);
  server.get('/', async (_req: Request, res: Response) => {
    res.redirect(302, '/tab/', () => {});
  });
}
