/** Staff passwords (scrypt); the functions are pure and live in server/common/ so the store can seed demo halls. */
export { DUMMY_HASH, hashPassword, verifyPassword } from '../common/password.ts';
