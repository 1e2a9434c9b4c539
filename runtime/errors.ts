/**
 * The error classes Auth0's sandbox provides to database action scripts, with the shapes of
 * Auth0's legacy sandbox library (runtime doc, "Globals"; production equality unconfirmed).
 */

export class WrongUsernameOrPasswordError extends Error {
  override name = 'WrongUsernameOrPasswordError';
  code = 'wrongusernameorpassword';
  statusCode = 400;
  user_id: unknown;
  constructor(userNameOrEmail?: unknown, message?: string) {
    super(message ?? 'Wrong email or password.');
    this.user_id = userNameOrEmail;
  }
}

export class ValidationError extends Error {
  override name = 'ValidationError';
  statusCode = 400;
  code: string;
  description: string;
  constructor(code: string, message?: string) {
    super(message ?? code);
    this.code = code;
    this.description = message ?? code;
  }
}

export class UnauthorizedError extends Error {
  override name = 'UnauthorizedError';
  code = 'unauthorized';
  statusCode = 401;
  description: string;
  constructor(message?: string) {
    super(message ?? 'unauthorized');
    this.description = message ?? 'unauthorized';
  }
}
