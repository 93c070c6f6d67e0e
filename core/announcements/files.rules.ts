import type { FieldError } from '../shared/errors.ts';
import type { LinkButton } from './announcement.table.ts';

/**
 * File buttons point at the tenant's own SharePoint / OneDrive, nowhere else: https, and the host
 * is one of the configured domains or a subdomain of one. No configured domain: no file links
 * (fail closed). Pure; the service reads the domains from 設定.
 */
export function fileLinkProblems(files: readonly LinkButton[], domains: readonly string[]): FieldError[] {
  const allowed = domains.map((d) => d.toLowerCase().replace(/^\.+|\.+$/g, ''));
  const problems: FieldError[] = [];
  files.forEach((f, i) => {
    let url: URL;
    try {
      url = new URL(f.url);
    } catch {
      problems.push({ where: `files.${i}.url`, message: 'must be an https:// URL' });
      return;
    }
    const host = url.hostname.toLowerCase();
    if (url.protocol !== 'https:' || url.username || url.password)
      problems.push({ where: `files.${i}.url`, message: 'must be an https:// URL' });
    else if (allowed.length === 0)
      problems.push({
        where: `files.${i}.url`,
        message: 'no file domains are set in 設定',
        key: 'announcement.file_domains_not_set',
      });
    else if (!allowed.some((d) => host === d || host.endsWith(`.${d}`)))
      problems.push({
        where: `files.${i}.url`,
        message: `${host} is not one of the tenant's file domains`,
        key: 'announcement.file_domain_not_allowed',
        params: { host },
      });
  });
  return problems;
}
