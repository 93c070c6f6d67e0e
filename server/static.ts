import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Request, Response, Server } from 'restify';

/** Text types worth compressing (fonts and images are compressed already). */
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.svg', '.map']);

interface Encoded {
  mtimeMs: number;
  raw: Buffer;
  br?: Buffer;
  gzip?: Buffer;
}

/**
 * The tab's files, compressed once per build and kept in memory (a few hundred KB): brotli where the
 * client takes it, else gzip. The dashboard's JS went out uncompressed before (1.1 MB).
 */
const cache = new Map<string, Encoded>();

function encodedFile(file: string, encoding: 'br' | 'gzip' | null): Buffer {
  const mtimeMs = statSync(file).mtimeMs;
  let entry = cache.get(file);
  if (!entry || entry.mtimeMs !== mtimeMs) {
    entry = { mtimeMs, raw: readFileSync(file) };
    cache.set(file, entry);
  }
  if (encoding === 'br')
    entry.br ??= brotliCompressSync(entry.raw, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: entry.raw.length },
    });
  if (encoding === 'gzip') entry.gzip ??= gzipSync(entry.raw, { level: 9 });
  return encoding === 'br' ? (entry.br as Buffer) : encoding === 'gzip' ? (entry.gzip as Buffer) : entry.raw;
}

function chooseEncoding(req: Request, file: string): 'br' | 'gzip' | null {
  if (!COMPRESSIBLE.has(extname(file))) return null;
  const accepted = String(req.headers['accept-encoding'] ?? '');
  if (/\bbr\b/.test(accepted)) return 'br';
  if (/\bgzip\b/.test(accepted)) return 'gzip';
  return null;
}

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
    const encoding = chooseEncoding(req, file);
    const body = encodedFile(file, encoding);
    if (COMPRESSIBLE.has(extname(file))) res.setHeader('vary', 'Accept-Encoding');
    if (encoding) res.setHeader('content-encoding', encoding);
    res.setHeader('content-length', body.length);
    res.end(body);
  };
  server.get('/tab', handler);
  server.get('/tab/*', handler);
  server.get('/', async (_req: Request, res: Response) => {
    res.redirect(302, '/tab/', () => {});
  });
}
