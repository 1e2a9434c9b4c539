/**
 * What may never leave a script call: the connection's `configuration` values, a credential inside any
 * URL, the user's password, the stored hash and salt, and the user's metadata. Every error message and
 * log line goes through one Redactor before it reaches Auth0.
 */

const MASK = '[redacted]';
// user:password@ in any scheme's URL, and a bare :password@ after a host-like user.
const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/)[^\s/@'"`]*@/gi;
/** Shorter values (a port, a flag, 'en') would mask ordinary words. */
const MIN_SECRET_LENGTH = 4;

export class Redactor {
  private readonly secrets = new Set<string>();

  /**
   * Adds strings, and every leaf of objects and arrays, to what is masked. Object keys are not masked:
   * they are the shape of the data (and what an error must name), not the data.
   */
  protect(...values: unknown[]): void {
    for (const value of values) this.collect(value, 0);
  }

  private collect(value: unknown, depth: number): void {
    if (depth > 64) return;
    if (typeof value === 'string') {
      if (value.length >= MIN_SECRET_LENGTH) this.secrets.add(value);
      // JSON text (a metadata column, a URL-encoded password) may surface in either form.
      if (value.length >= MIN_SECRET_LENGTH) this.secrets.add(encodeURIComponent(value));
    } else if (typeof value === 'number' || typeof value === 'bigint') {
      if (String(value).length >= MIN_SECRET_LENGTH) this.secrets.add(String(value));
    } else if (Array.isArray(value)) {
      for (const item of value) this.collect(item, depth + 1);
    } else if (typeof value === 'object' && value !== null) {
      for (const item of Object.values(value)) this.collect(item, depth + 1);
    }
  }

  redact(text: string): string {
    let out = text.replace(URL_CREDENTIALS, `$1${MASK}@`);
    // Longest first, so that a secret containing another is masked whole.
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) {
      out = out.split(secret).join(MASK);
    }
    return out;
  }
}
