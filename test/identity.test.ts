/** The one normalization of addresses and usernames, and the redactor every message goes through. */
import { describe, expect, it } from 'vitest';
import { isKitError } from '../core/errors.ts';
import { isSameIdentity, normalizeIdentifier } from '../core/identity.ts';
import { Redactor } from '../core/redact.ts';

function problem(value: string, kind: 'email' | 'username' = 'email'): string {
  try {
    normalizeIdentifier(value, kind);
    return 'accepted';
  } catch (error) {
    expect(isKitError(error, 'invalid_input')).toBe(true);
    return (error as Error).message;
  }
}

describe('identity', () => {
  it.each([
    ['Jane.Doe@Example.COM', 'jane.doe@example.com'],
    ['JOSÉ@example.test', 'josÉ@example.test'],
    ['straße@example.test', 'straße@example.test'],
  ])('identity - should lowercase ASCII letters only: %s → %s', (input, expected) => {
    expect(normalizeIdentifier(input, 'email')).toBe(expected);
  });

  it.each([
    ['a trailing space', 'ann@example.test ', /whitespace/],
    ['a leading tab', '\tann@example.test', /control|whitespace/],
    ['a trailing NUL', 'ann@example.test\u0000', /control/],
    ['a zero-width space', 'an\u200bn@example.test', /invisible/],
    ['a right-to-left mark', 'ann\u200f@example.test', /invisible/],
    ['a lone surrogate', 'ann\ud800@example.test', /invisible/],
    ['decomposed é (NFD)', 'jose\u0301@example.test', /normalization form C/],
    ['the Kelvin sign', '\u212aim@example.test', /normalization form C/],
    ['a fullwidth letter', '\uff41nna@example.test', /compatibility/],
    ['a ligature', '\ufb01n@example.test', /compatibility/],
    ['a space inside an address', 'ann smith@example.test', /space/],
    ['no @', 'ann.example.test', /not an email address/],
  ])('identity - should refuse an email with %s', (_, value, expected) => {
    expect(problem(value)).toMatch(expected);
  });

  it('identity - should allow a plain inner space in a username, and no other space', () => {
    expect(normalizeIdentifier('Jane Doe', 'username')).toBe('jane doe');
    expect(problem('jane\u00a0doe', 'username')).toMatch(/space/);
    expect(problem('jane\u3000doe', 'username')).toMatch(/space/);
  });

  it.each([
    ['Jane@Example.test', 'jane@example.test', true],
    ['jose@example.test', 'josé@example.test', false],
    ['strasse@example.test', 'straße@example.test', false],
    ['ann@example.test ', 'ann@example.test', false],
    ['ann@example.test\u0000', 'ann@example.test', false],
    ['\u212aim@example.test', 'kim@example.test', false],
    [42, '42', false],
  ])('identity - stored %j is the identity %j: %s', (stored, normalized, expected) => {
    expect(isSameIdentity(stored, normalized, 'email')).toBe(expected);
  });
});

describe('redaction', () => {
  it('redaction - should mask every protected string and leaf (not the keys), and credentials in any URL', () => {
    const redactor = new Redactor();
    redactor.protect('hunter2-secret', { plan: 'gold-canary', nested: { 'key-canary': [12345678] } }, 'ab');
    const text = redactor.redact(
      'failed: hunter2-secret in {"plan":"gold-canary","key-canary":[12345678]} via postgres://app:pw@db:5432/x ab',
    );
    expect(text).toBe(
      'failed: [redacted] in {"plan":"[redacted]","key-canary":[[redacted]]} via postgres://[redacted]@db:5432/x ab',
    );
  });

  it('redaction - should mask a secret in its URL-encoded form and a longer secret whole', () => {
    const redactor = new Redactor();
    redactor.protect('p@ss word', 'p@ss word and more');
    expect(redactor.redact('a p@ss word and more; b p%40ss%20word')).toBe('a [redacted]; b [redacted]');
  });
});
