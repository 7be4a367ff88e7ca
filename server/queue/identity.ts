/** Identity as the engine receives it: already validated, hashed with the hall key and masked. */
export interface ProtectedIdentity {
  idHash: string;
  idMasked: string;
  nameMasked: string | null;
}
