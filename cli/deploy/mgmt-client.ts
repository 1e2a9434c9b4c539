/**
 * The few Management API calls a deploy makes: a token (given, or from client credentials), then GET
 * and PATCH of one connection. Each API error becomes one line that says what to do about it; a 429 is
 * retried after its Retry-After. Every line passes the caller's redactor (an API may echo the body).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { DeployError } from './plan.ts';

const MAX_TRIES = 4;
/** A Retry-After longer than this is not waited for: the command explains and stops instead. */
const MAX_WAIT_MS = 60_000;

export interface MgmtClientOptions {
  /** `--domain`: a tenant domain (HTTPS) or a base URL such as `http://127.0.0.1:8080`. */
  domain: string;
  env: NodeJS.ProcessEnv;
  redact: (text: string) => string;
}

export function baseUrl(domain: string): string {
  if (/^https?:\/\/[^/\s]+\/?$/.test(domain)) return domain.replace(/\/$/, '');
  if (/^[A-Za-z0-9.-]+(:\d+)?$/.test(domain)) return `https://${domain}`;
  throw new DeployError(
    `--domain ${JSON.stringify(domain)}: give a tenant domain or a base URL (http[s]://host)`,
  );
}

function retryAfterMs(header: string | null): number {
  if (header === null) return 1000;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? 1000 : Math.max(0, date - Date.now());
}

async function apiMessage(response: Response): Promise<string> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as { message?: unknown; error_description?: unknown; error?: unknown };
    const message = body.message ?? body.error_description ?? body.error;
    if (typeof message === 'string') return message;
  } catch {
    // Not JSON: the start of the text is message enough.
  }
  return text.slice(0, 200);
}

function explain(status: number, what: string, message: string, retryAfter: string | null): string {
  switch (status) {
    case 401:
      return `${what}: 401 Unauthorized: the token is missing, expired or not for this tenant (${message})`;
    case 403: {
      const scope = /expected (?:any|all) of:\s*([\w:, ]+)/i.exec(message)?.[1]?.trim();
      const lacks = scope ? `the token lacks the scope ${scope}` : message;
      return `${what}: 403 Forbidden: ${lacks}; a deploy needs read:connections_options and update:connections_options`;
    }
    case 404:
      return `${what}: 404 Not Found: no such connection on this tenant (check --connection-id and --domain)`;
    case 429:
      return `${what}: 429 Too Many Requests after ${MAX_TRIES} tries (Retry-After: ${retryAfter ?? 'none'}); try again later`;
    default:
      return `${what}: ${status}: ${message}`;
  }
}

export class MgmtClient {
  private readonly base: string;
  private token: string | undefined;

  constructor(private readonly options: MgmtClientOptions) {
    this.base = baseUrl(options.domain);
  }

  private async send(what: string, url: string, init: RequestInit): Promise<unknown> {
    for (let attempt = 1; ; attempt += 1) {
      let response: Response;
      try {
        response = await fetch(url, init);
      } catch (error) {
        throw new DeployError(`${what}: cannot reach ${this.base} (${(error as Error).message})`);
      }
      const retryAfter = response.headers.get('retry-after');
      if (response.status === 429 && attempt < MAX_TRIES && retryAfterMs(retryAfter) <= MAX_WAIT_MS) {
        await response.body?.cancel();
        await sleep(retryAfterMs(retryAfter));
        continue;
      }
      if (response.ok) return response.json();
      const message = this.options.redact(await apiMessage(response));
      throw new DeployError(explain(response.status, what, message, retryAfter));
    }
  }

  /** AUTH0_MGMT_TOKEN, or a client-credentials exchange at `/oauth/token`. */
  private async bearer(): Promise<string> {
    if (this.token) return this.token;
    const { AUTH0_MGMT_TOKEN, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET } = this.options.env;
    if (AUTH0_MGMT_TOKEN) {
      this.token = AUTH0_MGMT_TOKEN;
      return this.token;
    }
    if (!AUTH0_CLIENT_ID || !AUTH0_CLIENT_SECRET) {
      throw new DeployError('set AUTH0_MGMT_TOKEN, or AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET');
    }
    const body = (await this.send('POST /oauth/token', `${this.base}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: AUTH0_CLIENT_ID,
        client_secret: AUTH0_CLIENT_SECRET,
        audience: `${this.base}/api/v2/`,
      }),
    })) as { access_token?: unknown };
    if (typeof body.access_token !== 'string') throw new DeployError('POST /oauth/token: no access_token');
    this.token = body.access_token;
    return this.token;
  }

  async call(method: 'GET' | 'PATCH', path: string, body?: unknown): Promise<unknown> {
    const token = await this.bearer();
    return this.send(`${method} ${path}`, `${this.base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }
}
