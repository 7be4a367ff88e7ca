/** Reads and writes dotted paths (`alerts.waitMinutes`) in plain JSON objects without mutating them. */
export function getPath(obj: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

export function setPath(obj: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const [head, ...rest] = path.split('.') as [string, ...string[]];
  const next = { ...obj };
  if (!rest.length) {
    if (value === undefined) delete next[head];
    else next[head] = value;
    return next;
  }
  const inner = next[head] && typeof next[head] === 'object' ? (next[head] as Record<string, unknown>) : {};
  next[head] = setPath(inner, rest.join('.'), value);
  return next;
}
