/** doctor's findings and their text: a blocking finding makes the exit status 1. */

export interface Finding {
  /** 'block': a migration fails or loses users; 'warn': it works, with a risk worth knowing. */
  severity: 'block' | 'warn';
  message: string;
}

export interface DoctorReport {
  title: string;
  findings: Finding[];
  /** Password-hash format → users, 'missing' and 'unrecognized' included. */
  hashes: Record<string, number>;
  /** Formats counted that the config does not accept. */
  unaccepted: string[];
  users: number;
  /** Script file → bytes, against Auth0's limit. */
  bundles: Record<string, number>;
}

export const exitCode = (report: DoctorReport): number =>
  report.findings.some((finding) => finding.severity === 'block') ? 1 : 0;

export function renderReport(report: DoctorReport, limit: number): string {
  const hashes = Object.entries(report.hashes)
    .sort(([, a], [, b]) => b - a)
    .map(
      ([format, count]) =>
        `  ${format.padEnd(22)} ${String(count).padStart(8)}${report.unaccepted.includes(format) ? '  not accepted' : ''}`,
    );
  const bundles = Object.entries(report.bundles).map(
    ([file, bytes]) =>
      `  ${file.padEnd(22)} ${(bytes / 1000).toFixed(1).padStart(6)} kB of ${limit / 1000} kB`,
  );
  const blocks = report.findings.filter((f) => f.severity === 'block').length;
  return [
    `customdb doctor: ${report.title}, ${report.users} users`,
    ...report.findings.map((f) => `${f.severity === 'block' ? 'BLOCK' : 'WARN '} ${f.message}`),
    'password hashes:',
    ...hashes,
    'bundles:',
    ...bundles,
    `${blocks} blocking, ${report.findings.length - blocks} warnings`,
    '',
  ].join('\n');
}
