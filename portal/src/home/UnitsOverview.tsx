import { useOne } from '@refinedev/core';
import { useNavigate } from 'react-router';
import type { Identity } from '../auth/identity';
import { UNIT_NODE } from '../units/units.graphql';
import { UnitTree } from '../units/UnitTree';
import type { UnitCore } from '../units/types';

/** The unit tree on the home page, opened at the official's own unit; a click opens the unit's page. */
export function UnitsOverview({ identity }: { identity: Identity }) {
  const navigate = useNavigate();
  const rootId = identity.unit.ancestors[0]?.id ?? identity.unit.id;
  const root = useOne<UnitCore>({ resource: 'units', id: rootId, meta: { gqlQuery: UNIT_NODE }, errorNotification: false });
  if (!root.result) return <div className="page-loading-bar" aria-busy="true" />;
  return (
    <UnitTree
      root={root.result}
      ownUnitId={identity.unit.id}
      selectedId={identity.unit.id}
      revealIds={identity.unit.ancestors.map((a) => a.id)}
      height={360}
      onSelect={(unit) => navigate(`/units?unit=${encodeURIComponent(unit.id)}`)}
    />
  );
}
