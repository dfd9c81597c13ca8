import type { StreamNode } from '@weir/core';

/** How error messages name a node: "operator 'Parse' (declared at job.ts:12)". */
export function describe(node: StreamNode): string {
  return `operator '${node.name}'${node.declaredAt ? ` (declared at ${node.declaredAt})` : ''}`;
}
