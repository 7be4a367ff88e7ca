/** Identity as the engine receives it: already validated, hashed with the hall key and masked. */
export interface ProtectedIdentity {
  idHash: string;
  idMasked: string;
  nameMasked: string | null;
  /** YYYY-MM-DD from the ID number, in memory only: the issuer derives the elderly class from it and stores the class alone. */
  birthDate?: string;
}
