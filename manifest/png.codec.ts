import { crc32, inflateSync } from 'node:zlib';

/**
 * A minimal PNG reader for the committed app icons (manifest/color.png, outline.png): the header
 * for the manifest build's size check, and the pixels for the test that checks the outline icon is
 * white on transparent. 8-bit RGBA, no interlace; all five row filters.
 */

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const COLOR_TYPE_RGBA = 6;

export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlace: number;
}

export interface RgbaImage {
  width: number;
  height: number;
  /** width × height × 4 bytes, row-major, straight (not premultiplied) alpha. */
  data: Uint8Array;
}

/** Reads the signature and IHDR only (checks the IHDR's CRC). */
export function readPngHeader(png: Uint8Array): PngHeader {
  const buf = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (buf.length < 33 || !buf.subarray(0, 8).equals(SIGNATURE))
    throw new Error('not a PNG file (bad signature)');
  if (buf.toString('latin1', 12, 16) !== 'IHDR' || buf.readUInt32BE(8) !== 13)
    throw new Error('PNG does not start with IHDR');
  if (crc32(buf.subarray(12, 29)) !== buf.readUInt32BE(29)) throw new Error('PNG IHDR has a bad CRC');
  return {
    width: buf.readUInt32BE(16),
    height: buf.readUInt32BE(20),
    bitDepth: buf[24]!,
    colorType: buf[25]!,
    interlace: buf[28]!,
  };
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Decodes a non-interlaced 8-bit RGBA PNG, checking every chunk's CRC. */
export function decodePng(png: Uint8Array): RgbaImage {
  const header = readPngHeader(png);
  if (header.bitDepth !== 8 || header.colorType !== COLOR_TYPE_RGBA || header.interlace !== 0) {
    throw new Error(
      `unsupported PNG: bit depth ${header.bitDepth}, color type ${header.colorType}, interlace ${header.interlace}`,
    );
  }
  const buf = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  const idat: Buffer[] = [];
  let offset = 8;
  let ended = false;
  while (offset + 12 <= buf.length) {
    const length = buf.readUInt32BE(offset);
    const type = buf.toString('latin1', offset + 4, offset + 8);
    const end = offset + 8 + length;
    if (end + 4 > buf.length) throw new Error(`PNG chunk ${type} runs past the end of the file`);
    if (crc32(buf.subarray(offset + 4, end)) !== buf.readUInt32BE(end))
      throw new Error(`PNG chunk ${type} has a bad CRC`);
    if (type === 'IDAT') idat.push(buf.subarray(offset + 8, end));
    offset = end + 4;
    if (type === 'IEND') {
      ended = true;
      break;
    }
  }
  if (!ended) throw new Error('PNG has no IEND chunk');
  const { width, height } = header;
  const stride = width * 4;
  const raw = inflateSync(Buffer.concat(idat));
  if (raw.length !== (stride + 1) * height) throw new Error('PNG image data has the wrong length');
  const data = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    for (let x = 0; x < stride; x++) {
      const left = x >= 4 ? data[row + x - 4]! : 0;
      const up = y > 0 ? data[row - stride + x]! : 0;
      const upLeft = x >= 4 && y > 0 ? data[row - stride + x - 4]! : 0;
      const v = raw[src + x]!;
      let out: number;
      if (filter === 0) out = v;
      else if (filter === 1) out = v + left;
      else if (filter === 2) out = v + up;
      else if (filter === 3) out = v + ((left + up) >> 1);
      else if (filter === 4) out = v + paeth(left, up, upLeft);
      else throw new Error(`PNG row ${y} has unknown filter ${filter}`);
      data[row + x] = out & 0xff;
    }
  }
  return { width, height, data };
}
