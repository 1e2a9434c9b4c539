/**
 * A local Auth0 Management API for the deploy tests, with the behaviours a deploy must survive: a PATCH's
 * `options` replaces the whole options object; GET returns `configuration` values only encrypted; name
 * and strategy cannot be patched; scopes, 401, 404 and 429 with Retry-After answer as Auth0's do; and
 * `/oauth/token` exchanges client credentials for a token.
 */
import { createCipheriv, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeConnection {
  id: string;
  name: string;
  strategy: string;
  enabled_clients: string[];
  /** As stored: configuration values in clear text (GET encrypts them). */
  options: Record<string, unknown>;
}

export interface Recorded {
  method: string;
  path: string;
  body: unknown;
}

const PATCHABLE = ['options', 'display_name', 'metadata', 'enabled_clients', 'realms', 'show_as_button'];
export const ENCRYPTED_PREFIX = 'enc$';

export class FakeManagementApi {
  readonly requests: Recorded[] = [];
  readonly connections = new Map<string, FakeConnection>();
  /** Bearer token → its scopes. */
  readonly tokens = new Map<string, string[]>();
  /** Client credentials → the scopes of the tokens they get. */
  readonly clients = new Map<string, { secret: string; scopes: string[] }>();
  /** The next this-many API requests answer 429 with `Retry-After: retryAfter`. */
  rateLimited = 0;
  retryAfter = '1';
  private readonly key = randomBytes(32);

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<FakeManagementApi> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const api = new FakeManagementApi(server, `http://127.0.0.1:${port}`);
    server.on('request', (request, response) => {
      api
        .handle(request, response)
        .catch((error: Error) => api.send(response, 500, { message: error.message }));
    });
    return api;
  }

  patches(): Recorded[] {
    return this.requests.filter((request) => request.method === 'PATCH');
  }

  private encrypt(value: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const text = Buffer.concat([cipher.update(value, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${ENCRYPTED_PREFIX}${iv.toString('base64')}$${text.toString('base64')}`;
  }

  private send(
    response: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify(body));
  }

  private error(response: ServerResponse, status: number, message: string, errorCode?: string) {
    const names: Record<number, string> = {
      400: 'Bad Request',
      401: 'Unauthorized',
      403: 'Forbidden',
      404: 'Not Found',
    };
    this.send(response, status, {
      statusCode: status,
      error: names[status],
      message,
      ...(errorCode ? { errorCode } : {}),
    });
  }

  /** The connection as GET shows it: every configuration value encrypted. */
  private shown(connection: FakeConnection) {
    const configuration = connection.options.configuration as Record<string, string> | undefined;
    return {
      ...connection,
      options: {
        ...connection.options,
        ...(configuration
          ? {
              configuration: Object.fromEntries(
                Object.entries(configuration).map(([k, v]) => [k, this.encrypt(v)]),
              ),
            }
          : {}),
      },
    };
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const body: unknown = text ? JSON.parse(text) : undefined;
    const path = request.url ?? '/';
    this.requests.push({ method: request.method ?? '', path, body });

    if (request.method === 'POST' && path === '/oauth/token') return this.token(response, body);
    if (this.rateLimited > 0) {
      this.rateLimited -= 1;
      this.send(
        response,
        429,
        { statusCode: 429, error: 'Too Many Requests', message: 'Global limit has been reached' },
        {
          'retry-after': this.retryAfter,
        },
      );
      return;
    }
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const scopes = token === undefined ? undefined : this.tokens.get(token);
    if (!scopes) return this.error(response, 401, 'Invalid token');
    const match = /^\/api\/v2\/connections\/([^/?]+)$/.exec(path);
    if (!match) return this.error(response, 404, 'Not Found');
    const needs = request.method === 'GET' ? 'read:connections_options' : 'update:connections_options';
    if (!scopes.includes(needs)) {
      return this.error(response, 403, `Insufficient scope, expected any of: ${needs}`, 'insufficient_scope');
    }
    const connection = this.connections.get(decodeURIComponent(match[1] as string));
    if (!connection)
      return this.error(response, 404, 'The connection does not exist.', 'inexistent_connection');
    if (request.method === 'GET') return this.send(response, 200, this.shown(connection));
    if (request.method !== 'PATCH') return this.error(response, 404, 'Not Found');
    const extra = Object.keys(body as object).filter((key) => !PATCHABLE.includes(key));
    if (extra.length > 0) {
      return this.error(
        response,
        400,
        `Payload validation error: 'Additional properties not allowed: ${extra.join(',')}'`,
      );
    }
    const patch = body as Partial<FakeConnection>;
    // Auth0's PATCH: `options` replaces the whole object, keys not sent are gone.
    if (patch.options) connection.options = patch.options;
    if (patch.enabled_clients) connection.enabled_clients = patch.enabled_clients;
    this.send(response, 200, this.shown(connection));
  }

  private token(response: ServerResponse, body: unknown) {
    const { grant_type, client_id, client_secret, audience } = (body ?? {}) as Record<string, string>;
    const client = this.clients.get(client_id ?? '');
    if (grant_type !== 'client_credentials' || !client || client.secret !== client_secret) {
      return this.send(response, 401, { error: 'access_denied', error_description: 'Unauthorized' });
    }
    if (audience !== `${this.url}/api/v2/`) {
      return this.send(response, 403, { error: 'access_denied', error_description: 'Service not found' });
    }
    const token = randomUUID();
    this.tokens.set(token, client.scopes);
    this.send(response, 200, {
      access_token: token,
      token_type: 'Bearer',
      expires_in: 86400,
      scope: client.scopes.join(' '),
    });
  }

  close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    return closed;
  }
}
