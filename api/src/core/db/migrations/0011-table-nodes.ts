import { Migration } from '@mikro-orm/migrations';

/**
 * A plan's tables kept as tables (issue 12): plan_node.kind admits TABLE, whose text holds the
 * table's rows, one per line, "| cell | cell |" (api/src/modules/plans/plan-document.ts).
 */
export class Migration0011TableNodes extends Migration {
  override name = '0011-table-nodes';

  override up(): void {
    this.addSql(`alter table plan_node drop constraint plan_node_kind_check`);
    this.addSql(
      `alter table plan_node add constraint plan_node_kind_check check (kind in ('SECTION','ITEM','POINT','BULLET','PARAGRAPH','TABLE'))`,
    );
  }

  override down(): void {
    // A table node becomes a paragraph of its rows: nothing is lost, the kind goes.
    this.addSql(`update plan_node set kind = 'PARAGRAPH' where kind = 'TABLE'`);
    this.addSql(`alter table plan_node drop constraint plan_node_kind_check`);
    this.addSql(
      `alter table plan_node add constraint plan_node_kind_check check (kind in ('SECTION','ITEM','POINT','BULLET','PARAGRAPH'))`,
    );
  }
}
