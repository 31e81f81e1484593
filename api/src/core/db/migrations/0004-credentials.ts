import { Migration } from '@mikro-orm/migrations';

/** Tokens issued before a password change or reset stop working (signed tokens cannot be recalled otherwise). */
export class Migration0004Credentials extends Migration {
  override name = '0004-credentials';

  override up(): void {
    this.addSql(`alter table app_user add column credentials_changed_at timestamptz not null default now()`);
  }

  override down(): void {
    this.addSql(`alter table app_user drop column if exists credentials_changed_at`);
  }
}
