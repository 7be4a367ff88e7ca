import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

/**
 * The rule every new or reset staff password must pass (first-run admin, admin resets, staff created
 * with a password). Seeded demo passwords are not checked here: production mode refuses them instead.
 *
 * Length is counted in code points after NFKC (the form the hash is taken of), so "１２３" is not three
 * strong characters and a Chinese password counts one per character.
 */
export const MIN_PASSWORD_LENGTH = 10;
/** Long enough for any passphrase; the bound keeps the strength estimate (and scrypt input) small. */
export const MAX_PASSWORD_LENGTH = 128;
/** zxcvbn score 3 = about 10^8 guesses: out of reach of an online attacker behind the login limits. */
const MIN_SCORE = 3;

const commonPasswords = new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));

/** Built once: the factory decompresses and indexes its dictionaries on construction. */
let estimator: ZxcvbnFactory | undefined;
function strength(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  return estimator;
}

/**
 * Why `password` may not be used by the staff member `badge`, as a message for the person choosing it
 * (Chinese first, English after), or null when it is acceptable.
 */
export function passwordProblem(password: string, badge: string): string | null {
  const normal = password.normalize('NFKC');
  if (normal.trim() === '') return '密码不能为空或只有空格。Password must not be blank.';
  const length = [...normal].length;
  if (length < MIN_PASSWORD_LENGTH) {
    return `密码至少 ${MIN_PASSWORD_LENGTH} 个字符（现在 ${length} 个）。Password must have at least ${MIN_PASSWORD_LENGTH} characters.`;
  }
  if (length > MAX_PASSWORD_LENGTH) {
    return `密码最多 ${MAX_PASSWORD_LENGTH} 个字符。Password must have at most ${MAX_PASSWORD_LENGTH} characters.`;
  }
  const lower = normal.toLowerCase();
  const badgeLower = badge.normalize('NFKC').trim().toLowerCase();
  if (badgeLower !== '' && lower.includes(badgeLower)) {
    return '密码不能包含工号。Password must not contain the badge number.';
  }
  if (commonPasswords.has(lower) || commonPasswords.has(lower.trim())) {
    return '这是常见密码，容易被猜中，请换一个。This is a common password; choose another.';
  }
  if (strength().check(normal, [badge]).score < MIN_SCORE) {
    return '密码太容易猜中（如连续数字、键盘顺序、重复字符、常见词），请换一个更长或更杂的。Password is too easy to guess; use a longer or less predictable one.';
  }
  return null;
}
