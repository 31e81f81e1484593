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

// A real hash, so that an unknown username costs the same time as a wrong password.
let dummy: Promise<string> | undefined;
export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (!passwordHash) {
    dummy ??= hash('not-a-real-password');
    await verify(await dummy, password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}
