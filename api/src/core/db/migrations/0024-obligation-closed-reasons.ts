import { Migration } from '@mikro-orm/migrations';

const ME = `(select kh_principal_path())`;
const ISSUER = `issuer_unit_id = (select kh_principal_unit())`;

/**
 * The reasons an obligation closes, as the code writes them (docs/REPORTS.md, "Obligations"):
 *  - MILESTONE_REMOVED: an amendment removed the milestone (or the period of a periodic one);
 *  - NO_LONGER_DUE: the plan in force no longer asks it of the unit, which still exists;
 *  - UNIT_DISSOLVED: the unit ceased to exist before the due date;
 *  - AGENCY_WITHOUT_ACCOUNT: the agency's last enabled account went (disabled, or moved to
 *    another agency), so nobody can write its report; what fell due before stays;
 *  - AGENCY_DISABLED: the agency itself was disabled, likewise.
 * Migration 0018 allowed PERIOD_REMOVED and UNIT_NOT_EXPECTED, which the code never wrote, and not
 * NO_LONGER_DUE, which it writes: closing such an obligation failed on the check. Rows with the
 * old names, if any, take the name that replaced them.
 *
 * Row-level security: an agency's obligations are adjusted by whoever manages its accounts —
 * the administrators of its unit and of the units above (docs/ACCESS.md) —, so the adjust policy
 * takes an agency's obligation in the caller's subtree besides those the caller issued. Before,
 * a province administrator disabling a district agency's last account had its closing filtered
 * out without a word.
 */
export class Migration0024ObligationClosedReasons extends Migration {
  override name = '0024-obligation-closed-reasons';

  override up(): void {
    this.addSql(`alter table report_obligation drop constraint if exists report_obligation_closed_reason_check`);
    this.addSql(`update report_obligation set closed_reason = 'MILESTONE_REMOVED' where closed_reason = 'PERIOD_REMOVED'`);
    this.addSql(`update report_obligation set closed_reason = 'NO_LONGER_DUE' where closed_reason = 'UNIT_NOT_EXPECTED'`);
    this.addSql(
      `alter table report_obligation add constraint report_obligation_closed_reason_check
         check (closed_reason in ('MILESTONE_REMOVED','NO_LONGER_DUE','UNIT_DISSOLVED','AGENCY_WITHOUT_ACCOUNT','AGENCY_DISABLED'))`,
    );
    const adjustable = `(${ISSUER} or (agency_id is not null and unit_path <@ ${ME}))`;
    this.addSql(`drop policy report_obligation_adjust on report_obligation`);
    this.addSql(`create policy report_obligation_adjust on report_obligation for update using ${adjustable} with check ${adjustable}`);
  }

  override down(): void {
    this.addSql(`drop policy report_obligation_adjust on report_obligation`);
    this.addSql(`create policy report_obligation_adjust on report_obligation for update using (${ISSUER}) with check (${ISSUER})`);
    this.addSql(`alter table report_obligation drop constraint if exists report_obligation_closed_reason_check`);
    this.addSql(
      `update report_obligation set closed_reason = 'UNIT_NOT_EXPECTED' where closed_reason in ('NO_LONGER_DUE','AGENCY_WITHOUT_ACCOUNT','AGENCY_DISABLED')`,
    );
    this.addSql(
      `alter table report_obligation add constraint report_obligation_closed_reason_check
         check (closed_reason in ('MILESTONE_REMOVED','PERIOD_REMOVED','UNIT_DISSOLVED','UNIT_NOT_EXPECTED'))`,
    );
  }
}
