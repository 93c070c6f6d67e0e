import { createHash, randomBytes } from 'node:crypto';

/**
 * The respondent's receipt (回答控えコード): 128 random bits, written as 26 base32 letters. It is
 * the one thing that links a person to their answers, and only the respondent holds it (on the card
 * the bot returned, and shown there to copy). The database keeps SHA-256 of it: with the receipt
 * the respondent sees and edits their answers; without it nobody — HR, an admin, a database
 * reader — can tell which answer row is theirs. A lost receipt cannot be recovered (by design).
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function newReceipt(): string {
  const bytes = randomBytes(16);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

export const receiptHash = (receipt: string): Buffer => createHash('sha256').update(receipt).digest();

/** 26 letters in groups of 4 or 5, easier to read back from a card. */
export const formatReceipt = (r: string): string => r.match(/.{1,5}/g)?.join('-') ?? r;
