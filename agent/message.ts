/** The message of a thrown value, for logs and print outcomes. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
