import { GraphQLError, Kind, type ASTVisitor, type FieldNode, type GraphQLSchema, type ValidationContext } from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import type { ApolloServerPlugin } from '@apollo/server';
import { DEFAULT_PAGE } from './pagination.js';

/**
 * Request limits (STACK-NOTES: one nested query ran a default server out of memory).
 * Depth and aliases are validation rules; cost is computed with list fields weighted by their
 * page size, because a cost limit that ignores list sizes lets a 10^6-row query through.
 */
export const LIMITS = { maxDepth: 12, maxAliases: 30, maxTokens: 8000, maxCost: 20000 };

export function depthLimitRule(maxDepth = LIMITS.maxDepth) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map(
      context.getDocument().definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])),
    );
    const depthOf = (node: { selectionSet?: { selections: readonly unknown[] } }, depth: number, seen: Set<string>): number => {
      if (!node.selectionSet) return depth;
      let max = depth;
      for (const sel of node.selectionSet.selections as readonly { kind: string; name?: { value: string }; selectionSet?: never }[]) {
        if (sel.kind === Kind.FIELD) {
          if (sel.name?.value.startsWith('__')) continue;
          max = Math.max(max, depthOf(sel as unknown as FieldNode, depth + 1, seen));
        } else if (sel.kind === Kind.INLINE_FRAGMENT) {
          max = Math.max(max, depthOf(sel, depth, seen));
        } else if (sel.kind === Kind.FRAGMENT_SPREAD) {
          const name = sel.name!.value;
          const frag = fragments.get(name);
          if (frag && !seen.has(name)) max = Math.max(max, depthOf(frag, depth, new Set([...seen, name])));
        }
      }
      return max;
    };
    return {
      OperationDefinition(node) {
        const depth = depthOf(node, 0, new Set());
        if (depth > maxDepth) {
          context.reportError(
            new GraphQLError(`Query is nested ${depth} levels deep; the limit is ${maxDepth}`, {
              nodes: [node],
              extensions: { code: 'BAD_USER_INPUT', reason: 'DEPTH_LIMIT' },
            }),
          );
        }
      },
    };
  };
}

export function aliasLimitRule(maxAliases = LIMITS.maxAliases) {
  return (context: ValidationContext): ASTVisitor => {
    let count = 0;
    return {
      Field(node) {
        if (node.alias && ++count === maxAliases + 1) {
          context.reportError(
            new GraphQLError(`More than ${maxAliases} aliases`, {
              nodes: [node],
              extensions: { code: 'BAD_USER_INPUT', reason: 'ALIAS_LIMIT' },
            }),
          );
        }
      },
    };
  };
}

/** Each field costs 1; a field with a `first` argument multiplies its children by the page size. */
export const pageWeightedEstimator: ComplexityEstimator = ({ args, childComplexity, field }) => {
  const hasFirst = field.args.some((a) => a.name === 'first');
  if (hasFirst) {
    const first = typeof args.first === 'number' ? args.first : DEFAULT_PAGE;
    return 1 + Math.max(first, 1) * Math.max(childComplexity, 1);
  }
  return 1 + childComplexity;
};

export function costLimitPlugin(schema: GraphQLSchema, maxCost = LIMITS.maxCost): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          let cost: number;
          try {
            cost = getComplexity({
              schema,
              query: document,
              variables: request.variables ?? {},
              operationName: request.operationName ?? undefined,
              estimators: [pageWeightedEstimator],
            });
          } catch (e) {
            // getComplexity coerces the variables, so a bad variable (unknown enum value…) fails
            // here, before Apollo's own BAD_USER_INPUT mapping: without this it left as an
            // INTERNAL_SERVER_ERROR. The request is refused either way (fail closed).
            if (e instanceof GraphQLError) {
              throw new GraphQLError(e.message, { extensions: { ...e.extensions, code: 'BAD_USER_INPUT', reason: 'INVALID_VARIABLES' } });
            }
            throw e;
          }
          if (cost > maxCost) {
            throw new GraphQLError(`Query cost ${cost} exceeds the limit of ${maxCost}; ask for smaller pages`, {
              extensions: { code: 'BAD_USER_INPUT', reason: 'COST_LIMIT', cost, maxCost },
            });
          }
        },
      };
    },
  };
}
