import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

/**
 * The rule a central user's password must pass (the first admin from CENTRAL_ADMIN_PASSWORD, users an
 * admin creates): at least 10 characters, not containing the user name, not a common password, and a
 * zxcvbn score of 3 (about 10^8 guesses, out of reach behind the sign-in limits). Demo passwords are
 * not checked: they exist only in demo mode.
 */
export const MIN_PASSWORD_LENGTH = 10;
const MIN_SCORE = 3;

let estimator: ZxcvbnFactory | undefined;
const common = new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));

export function passwordProblem(password: string, username: string): string | null {
  const normal = password.normalize('NFC');
  const length = [...normal].length;
  if (length < MIN_PASSWORD_LENGTH) return `密码至少 ${MIN_PASSWORD_LENGTH} 个字符（现在 ${length} 个）。`;
  if (length > 128) return '密码最多 128 个字符。';
  if (username && normal.toLowerCase().includes(username.toLowerCase())) return '密码不能包含用户名。';
  if (common.has(normal.toLowerCase())) return '这是常见密码，容易被猜中，请换一个。';
  estimator ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  if (estimator.check(normal, [username]).score < MIN_SCORE) return '密码太容易猜中，请换一个更长或更杂的。';
  return null;
}
