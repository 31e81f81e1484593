import { Migration } from '@mikro-orm/migrations';

/**
 * An agency's notices (issue 11; docs/NOTIFICATIONS.md, "Agencies"): a notice about an agency's
 * obligation — a reminder, a return, a submission — names the agency. Within the unit it is read
 * by the unit's own users and that agency's accounts, never by a sibling agency's (the rule of
 * reports and obligations, migration 0018).
 *
 * A return is told by the unit the report is owed to, to the unit that owes it: below, or the
 * same unit when an agency owes it. Migration 0017 lets a unit write notices only to the units
 * below it, so a return to one's own agency gets its own rule: a REPORT_RETURNED notice may be
 * written by the issuer of the obligation it names, to the unit that owes it, and to no other.
 */
const ME = `(select kh_principal_path())`;
const AG = `(select kh_principal_agency())`;

export class Migration0020AgencyNotices extends Migration {
  override name = '0020-agency-notices';

  override up(): void {
    this.addSql(`alter table notification add column agency_id uuid references agency(id)`);
    this.addSql(`drop policy notification_read on notification`);
    this.addSql(`create policy notification_read on notification for select using (
      unit_path = ${ME} and (agency_id is null or ${AG} is null or agency_id = ${AG}))`);
    this.addSql(`create policy notification_insert_returned on notification for insert with check (
      kind = 'REPORT_RETURNED' and exists (
        select 1 from report_obligation o
        where o.id = notification.obligation_id and o.issuer_unit_id = (select kh_principal_unit()) and o.unit_id = notification.unit_id
          and o.agency_id is not distinct from notification.agency_id))`);
  }

  override down(): void {
    this.addSql(`drop policy notification_insert_returned on notification`);
    this.addSql(`drop policy notification_read on notification`);
    this.addSql(`create policy notification_read on notification for select using (unit_path = ${ME})`);
    this.addSql(`alter table notification drop column agency_id`);
  }
}
