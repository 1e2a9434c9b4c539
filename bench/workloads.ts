/**
 * The compare section's rows: which script each calls, with which arguments, what a right answer is,
 * and the bound the performance issue sets on it. Also the users a backend is seeded with: one login
 * user, filler for a realistically sized table, and per-arm pools for the rows that change a user
 * (verify, change_email), so every call of either arm does the same work on a user of its own.
 */
import type { SeedUser } from '../adapters/testing/types.ts';
import type { ScriptName } from '../build/scripts.ts';
import type { Invocation } from '../runtime/container.ts';
import type { BenchSettings } from './settings.ts';
import type { Target } from './stats.ts';

export const PASSWORD = 'correct horse battery staple';
export const LOGIN_EMAIL = 'login@bench.test';
const UNKNOWN_EMAIL = 'nobody@bench.test';

export type ArmName = 'kit' | 'stock';

export interface Workload {
  name: string;
  script: ScriptName;
  /** Spends a bcrypt comparison, so it gets fewer calls (BENCH_LOGIN_*). */
  bcrypt: boolean;
  /** The arguments of `arm`'s next call. */
  args(arm: ArmName): unknown[];
  /** Why an outcome is wrong, or null: a benchmark of wrong answers measures nothing. */
  check(outcome: Invocation): string | null;
  /** On kit/stock: the latency ratio at concurrency 1 and the throughput ratio under load. */
  latencyTarget?: Target;
  throughputTarget?: Target;
}

/** Login no slower than the stock template with native bcrypt; the plain reads and writes 3× its throughput. */
const NO_SLOWER = { latency: { bound: 1, atMost: true }, throughput: { bound: 1, atMost: false } };
const THREE_TIMES = { latency: { bound: 1 / 3, atMost: true }, throughput: { bound: 3, atMost: false } };

const profileOf = (outcome: Invocation) => outcome.results[0] as { user_id?: unknown; email?: unknown };
const outcomeText = (outcome: Invocation) =>
  outcome.error ? `${outcome.error.name}: ${outcome.error.message}` : JSON.stringify(outcome.results);

const answersProfile = (outcome: Invocation) =>
  !outcome.error &&
  typeof profileOf(outcome)?.user_id === 'string' &&
  profileOf(outcome).email === LOGIN_EMAIL
    ? null
    : `expected the profile of ${LOGIN_EMAIL}, got ${outcomeText(outcome)}`;
const refusesLogin = (outcome: Invocation) =>
  outcome.error?.name === 'WrongUsernameOrPasswordError'
    ? null
    : `expected WrongUsernameOrPasswordError, got ${outcomeText(outcome)}`;
const answersTrue = (outcome: Invocation) =>
  !outcome.error && outcome.results[0] === true ? null : `expected true, got ${outcomeText(outcome)}`;

/** Users of one arm for one changing row: `verify-kit-17@bench.test`, handed out in order. */
function pool(row: string, size: number) {
  const email = (arm: ArmName, i: number) => `${row}-${arm}-${i}@bench.test`;
  const cursor: Record<ArmName, number> = { kit: 0, stock: 0 };
  return {
    users: (['kit', 'stock'] as const).flatMap((arm) =>
      Array.from({ length: size }, (_, i) => ({
        email: email(arm, i),
        passwordHash: null,
        emailVerified: false,
      })),
    ),
    next(arm: ArmName): number {
      const i = cursor[arm];
      if (i >= size) throw new Error(`the ${row} pool of ${arm} is used up (${size} users)`);
      cursor[arm] = i + 1;
      return i;
    },
    email,
  };
}

export interface Population {
  users: SeedUser[];
  workloads: Workload[];
}

/** The users to seed (every password hash is `hash`) and the rows that run against them. */
export function population(settings: BenchSettings, hash: string): Population {
  // Each changing row's pool serves one warm-up and the measured calls of both phases.
  const poolSize = 2 * settings.warmup + settings.iterations + settings.rounds * settings.roundCalls;
  const verified = pool('verify', poolSize);
  const moved = pool('change-email', poolSize);
  const login: SeedUser = {
    email: LOGIN_EMAIL,
    passwordHash: hash,
    emailVerified: true,
    username: 'bench_login',
    name: 'Bench Login',
    givenName: 'Bench',
    familyName: 'Login',
    nickname: 'bench',
    picture: 'https://example.test/bench.png',
    userMetadata: { language: 'en' },
    appMetadata: { plan: 'pro', roles: ['reader'] },
  };
  const filler = Array.from({ length: settings.fillerUsers }, (_, i) => ({
    email: `filler-${i}@bench.test`,
    passwordHash: hash,
    emailVerified: i % 2 === 0,
    nickname: `filler${i}`,
  }));
  const workloads: Workload[] = [
    {
      name: 'login success',
      script: 'login',
      bcrypt: true,
      args: () => [LOGIN_EMAIL, PASSWORD],
      check: answersProfile,
      latencyTarget: NO_SLOWER.latency,
      throughputTarget: NO_SLOWER.throughput,
    },
    {
      name: 'login wrong password',
      script: 'login',
      bcrypt: true,
      args: () => [LOGIN_EMAIL, 'not the password'],
      check: refusesLogin,
      latencyTarget: NO_SLOWER.latency,
      throughputTarget: NO_SLOWER.throughput,
    },
    {
      // No bound: the kit spends a bcrypt comparison here by design (timing must not reveal accounts).
      name: 'login unknown user',
      script: 'login',
      bcrypt: true,
      args: () => [UNKNOWN_EMAIL, PASSWORD],
      check: refusesLogin,
    },
    {
      name: 'get_user',
      script: 'get_user',
      bcrypt: false,
      args: () => [LOGIN_EMAIL],
      check: answersProfile,
      latencyTarget: THREE_TIMES.latency,
      throughputTarget: THREE_TIMES.throughput,
    },
    {
      name: 'verify',
      script: 'verify',
      bcrypt: false,
      args: (arm) => [verified.email(arm, verified.next(arm))],
      check: answersTrue,
      latencyTarget: THREE_TIMES.latency,
      throughputTarget: THREE_TIMES.throughput,
    },
    {
      name: 'change_email',
      script: 'change_email',
      bcrypt: false,
      args: (arm) => {
        const i = moved.next(arm);
        return [moved.email(arm, i), `moved-${arm}-${i}@bench.test`, true];
      },
      check: answersTrue,
      latencyTarget: THREE_TIMES.latency,
      throughputTarget: THREE_TIMES.throughput,
    },
  ];
  // The login user mid-table: a server that scans (FerretDB) must not find it first.
  const half = Math.floor(filler.length / 2);
  const users = [...filler.slice(0, half), login, ...filler.slice(half), ...verified.users, ...moved.users];
  return { users, workloads };
}
