/**
 * What kind of database the process runs on. The embedded one (PGlite) serialises connections
 * and does not deliver NOTIFY across them, so features that need a second connection (LISTEN)
 * choose an in-process path there.
 */
export class DatabaseInfo {
  constructor(readonly embedded: boolean) {}
}
