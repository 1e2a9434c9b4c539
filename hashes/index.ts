/**
 * Password hashes of legacy stores: identify them, verify a login against them under a store's policy,
 * write new ones in the store's write format, and map them to Auth0's bulk-import `custom_password_hash`.
 */
export type { Auth0ImportOptions } from './auth0-import.ts';
export { toAuth0CustomPasswordHash } from './auth0-import.ts';
export type * from './types.ts';
export { identifyHash, isUnusable, type VerifyResult, verifyPassword } from './verify.ts';
export { dummyVerify, hashPassword } from './write.ts';
