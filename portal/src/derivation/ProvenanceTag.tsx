import { Tag } from 'antd';
import { useTranslate } from '@refinedev/core';
import { PROVENANCE_COLOR } from './diff';
import type { Provenance } from './types';

/** Kế thừa / Điều chỉnh / Bổ sung / Lược bỏ. */
export function ProvenanceTag({ status }: { status: Provenance }) {
  const translate = useTranslate();
  return (
    <Tag color={PROVENANCE_COLOR[status]} bordered={status === 'INHERITED'} style={{ marginInlineEnd: 0 }}>
      {translate(`derivation.provenance.${status}`)}
    </Tag>
  );
}
