import { hash, verify } from '@node-rs/argon2';
import { badInput } from '../../core/errors.js';

export const MIN_PASSWORD_LENGTH = 10;

export function checkPasswordStrength(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw badInput(`password must have at least ${MIN_PASSWORD_LENGTH} characters`, 'password');
  if (password.length > 200) throw badInput('password is too long', 'password');
}

export function hashPassword(password: string): Promise<string> {
  // argon2id with the library defaults (19 MiB, t=2), the OWASP baseline.
  return hash(password);
}

// A real hash, made once when the module loads, so that an unknown username costs one
// verification like a wrong password does — from the very first sign-in on.
const dummy: Promise<string | null> = hash('not-a-real-password').catch(() => null);

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (!passwordHash) {
    const standIn = await dummy;
    if (standIn) await verify(standIn, password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}
