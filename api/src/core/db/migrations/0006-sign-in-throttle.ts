import { Migration } from '@mikro-orm/migrations';

/**
 * Sign-in throttling state (api/src/modules/auth/sign-in-throttle.ts, docs/ACCESS.md). In the
 * database rather than in memory so that every server instance on one database counts the
 * same attempts. `key` is a SHA-256 digest of the kind, the username and/or the client address;
 * rows past `expires_at` are deleted by the sign-in path (the index serves that sweep).
 */
export class Migration0006SignInThrottle extends Migration {
  override name = '0006-sign-in-throttle';

  override up(): void {
    this.addSql(`create table sign_in_throttle (
      key text primary key,
      kind text not null check (kind in ('PAIR','ADDRESS','USERNAME')),
      failures integer not null check (failures >= 0),
      last_at timestamptz not null,
      expires_at timestamptz not null
    )`);
    this.addSql(`create index sign_in_throttle_expires on sign_in_throttle (expires_at)`);
  }

  override down(): void {
    this.addSql(`drop table if exists sign_in_throttle`);
  }
}
