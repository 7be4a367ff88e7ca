/** Staff passwords (scrypt); the functions are pure and live in server/common/ so the store can seed demo halls. */
export { DUMMY_HASH, hashPassword, hashPasswordAsync, verifyPassword, verifyPasswordAsync } from '../common/password.ts';
