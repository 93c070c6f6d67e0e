import pino from 'pino';

export type Logger = pino.Logger;

/**
 * Structured logs. Personal data never goes to logs: names, kana, UPNs, free text and childcare
 * details are redacted wherever they appear under these keys.
 */
export const REDACTED_KEYS = [
  'name',
  'kana',
  'upn',
  'email',
  'text',
  'note',
  'comment',
  'spouse',
  'dueDate',
  'birthDate',
  'authorization',
  'token',
  'password',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const paths = REDACTED_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);
  return pino(
    { level, base: { service: 'kinmu-companion' }, redact: { paths, censor: '[redacted]' } },
    destination,
  );
}
