/**
 * Comparing secrets without leaking them through timing, and password hashes.
 *
 * A password in DURABLE_CONSOLE_USERS is either the password itself or its scrypt hash,
 * `scrypt:<salt>.<hash>` (base64url; N=16384, r=8, p=1, 32 bytes), which `durable hash-password`
 * prints. Plain text is accepted for convenience (it is in the environment either way); the hash
 * keeps the password out of process listings, shell history and deployment files.
 */
import { createHash, randomBytes, scryptSync, timingSafeEqual } from "node:crypto";

const SCRYPT_PREFIX = "scrypt:";
const SCRYPT_OPTIONS = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const HASH_BYTES = 32;

/** Equal-length digests compared in constant time: neither length nor content leaks through timing. */
export function secretsEqual(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given, "utf8").digest();
  const b = createHash("sha256").update(expected, "utf8").digest();
  return timingSafeEqual(a, b);
}

export function isPasswordHash(stored: string): boolean {
  return stored.startsWith(SCRYPT_PREFIX);
}

/** Checks that a stored hash is well formed (at startup, so a typo is found before anyone logs in). */
export function passwordHashProblem(stored: string): string | undefined {
  const [salt, hash] = stored.slice(SCRYPT_PREFIX.length).split(".");
  if (!salt || !hash || !/^[A-Za-z0-9_-]+$/.test(salt) || !/^[A-Za-z0-9_-]+$/.test(hash)) return "is not a scrypt:<salt>.<hash> password hash";
  if (Buffer.from(hash, "base64url").length !== HASH_BYTES) return `has a hash that is not ${HASH_BYTES} bytes`;
  return undefined;
}

export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, HASH_BYTES, SCRYPT_OPTIONS);
  return `${SCRYPT_PREFIX}${salt.toString("base64url")}.${hash.toString("base64url")}`;
}

export function verifyPassword(given: string, stored: string): boolean {
  if (!isPasswordHash(stored)) return secretsEqual(given, stored);
  const [salt, hash] = stored.slice(SCRYPT_PREFIX.length).split(".");
  const expected = Buffer.from(hash ?? "", "base64url");
  if (expected.length !== HASH_BYTES) return false;
  const actual = scryptSync(given, Buffer.from(salt ?? "", "base64url"), HASH_BYTES, SCRYPT_OPTIONS);
  return timingSafeEqual(actual, expected);
}
