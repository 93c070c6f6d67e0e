// The one place tests read the environment (the app itself reads it only in core/config).
export const TEST_DATABASE_URL: string | undefined = process.env.DATABASE_URL || undefined;
