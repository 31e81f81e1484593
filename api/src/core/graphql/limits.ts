import {
  GraphQLError,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  defaultFieldResolver,
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  getNullableType,
  getVariableValues,
  visit,
  isCompositeType,
  isListType,
  isLeafType,
  isObjectType,
  isUnionType,
  type ASTNode,
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLFieldResolver,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Ctx } from '../context.js';
import { BoundedCache } from '../bounded-cache.js';
import { ErrorCode, Reason, httpStatusOf, refused, unauthenticated, type AppError } from '../errors.js';
import { listBoundOf, planScopeOf, type ListBound } from './list-bounds.js';
import { DEFAULT_PAGE, MAX_PAGE } from './pagination.js';

/**
 * Request limits (docs/ARCHITECTURE.md, "Request limits"). A request passes, in order:
 *  1. the parser's token limit;
 *  2. validation: depth, aliases, and the number of fields selected once every fragment spread
 *     is expanded — all computed in one pass that visits each fragment once, so a document of
 *     fragments spreading each other twice costs linear time, not 2^n (a walk that did not memoise
 *     took 12 s for 903 bytes; docs/ARCHITECTURE.md, "Request limits");
 *  3. the cost limit, before any resolver runs: an upper bound of the number of values in the
 *     response, with every list weighed by its declared bound (list-bounds.ts);
 *  4. during execution, the response fence: the bytes of the result are counted as fields
 *     resolve and the request is refused as soon as they pass maxResponseBytes, so an
 *     over-large result is never built, let alone serialised.
 * Every refusal is BAD_USER_INPUT (HTTP 400) with a `reason`.
 */
export const LIMITS = {
  maxDepth: 12,
  maxAliases: 30,
  maxTokens: 8000,
  /** Fields selected with fragments expanded; the portal's largest document selects about 150. */
  maxSelections: 5000,
  /**
   * Values in the response, worst case. The portal's heaviest page, a plan's diff against its
   * parent, weighs about 132,000 under PLAN_LIMITS; ten aliases of a page of 100 units with 100
   * children each (400,000) or of 100 plans' texts (1,000,000) do not pass.
   */
  maxCost: 200_000,
  maxResponseBytes: 32 * 1024 * 1024,
  /** Parsed and validated documents kept (document-store.ts): the portal sends about a hundred distinct ones. */
  documentCacheEntries: 1000,
  /** …and the total length of their texts (about 40–100 MB of memory at most). */
  documentCacheChars: 1024 * 1024,
  /** Compiled queries kept (compiled-execution.ts)… */
  compiledCacheEntries: 1000,
  /** …and their total selections with fragments expanded (the portal's largest document selects about 150). */
  compiledCacheSelections: 100_000,
  /** Costs kept per document, one per set of the variables the cost depends on (operationCost). */
  costCacheEntriesPerDocument: 64,
};
export type Limits = typeof LIMITS;

/* ------------------------------------------------------------------ document shape */

export interface OperationShape {
  /** Levels of fields, introspection excluded (graphql-js limits introspection depth itself). */
  depth: number;
  /** Field selections with every fragment spread expanded (may be astronomically large). */
  selections: number;
}

/**
 * Depth and expanded size of every operation, with each fragment's shape computed once
 * (`work` counts selections visited: at most the selections written in the document).
 */
export function documentShape(document: DocumentNode): { operations: Map<OperationDefinitionNode, OperationShape>; work: number } {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const memo = new Map<string, OperationShape>();
  const inProgress = new Set<string>();
  let work = 0;

  const ofFragment = (name: string): OperationShape => {
    const known = memo.get(name);
    if (known) return known;
    const fragment = fragments.get(name);
    // Unknown or cyclic fragments are reported by graphql-js's own rules.
    if (!fragment || inProgress.has(name)) return { depth: 0, selections: 0 };
    inProgress.add(name);
    const shape = ofSet(fragment.selectionSet);
    inProgress.delete(name);
    memo.set(name, shape);
    return shape;
  };
  const ofSet = (set: SelectionSetNode): OperationShape => {
    let depth = 0;
    let selections = 0;
    for (const sel of set.selections) {
      work++;
      if (sel.kind === Kind.FIELD) {
        const child = sel.selectionSet ? ofSet(sel.selectionSet) : { depth: 0, selections: 0 };
        selections += 1 + child.selections;
        if (!sel.name.value.startsWith('__')) depth = Math.max(depth, 1 + child.depth);
      } else {
        const child = sel.kind === Kind.INLINE_FRAGMENT ? ofSet(sel.selectionSet) : ofFragment(sel.name.value);
        selections += child.selections;
        depth = Math.max(depth, child.depth);
      }
    }
    return { depth, selections };
  };

  const operations = new Map<OperationDefinitionNode, OperationShape>();
  for (const d of document.definitions) if (d.kind === Kind.OPERATION_DEFINITION) operations.set(d, ofSet(d.selectionSet));
  return { operations, work };
}

/** Depth and expanded-size limits as one validation rule (one linear pass per document). */
export function documentLimitsRule(limits: Pick<Limits, 'maxDepth' | 'maxSelections'> = LIMITS) {
  return (context: ValidationContext): ASTVisitor => ({
    Document(document) {
      for (const [operation, shape] of documentShape(document).operations) {
        if (shape.depth > limits.maxDepth) {
          context.reportError(
            new GraphQLError(`Query is nested ${shape.depth} levels deep; the limit is ${limits.maxDepth}`, {
              nodes: [operation],
              extensions: { code: ErrorCode.BAD_USER_INPUT, reason: Reason.DEPTH_LIMIT },
            }),
          );
        }
        if (shape.selections > limits.maxSelections) {
          context.reportError(
            new GraphQLError(`Query selects more than ${limits.maxSelections} fields once its fragments are expanded`, {
              nodes: [operation],
              extensions: { code: ErrorCode.BAD_USER_INPUT, reason: Reason.SELECTION_LIMIT },
            }),
          );
        }
      }
    },
  });
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
              extensions: { code: ErrorCode.BAD_USER_INPUT, reason: Reason.ALIAS_LIMIT },
            }),
          );
        }
      },
    };
  };
}

/* ------------------------------------------------------------------ cost */

/** Weight of a list that declares no bound (the schema test forbids them; fail closed if one slips in). */
const UNDECLARED_LIST = 10_000;

function included(node: { directives?: readonly unknown[] }, variables: Record<string, unknown>): boolean {
  if (!node.directives?.length) return true;
  const n = node as Parameters<typeof getDirectiveValues>[1];
  if (getDirectiveValues(GraphQLSkipDirective, n, variables)?.if === true) return false;
  if (getDirectiveValues(GraphQLIncludeDirective, n, variables)?.if === false) return false;
  return true;
}

/** Coerces the operation's variables; unusable variables refuse the request (HTTP 400). */
export function coerceVariables(schema: GraphQLSchema, operation: OperationDefinitionNode, inputs: Record<string, unknown>) {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], inputs, { maxErrors: 1 });
  if (coerced.errors) {
    const first = coerced.errors[0];
    const field = (first.originalError as AppError | undefined)?.extensions?.field;
    throw refused('INVALID_VARIABLES', first.message.replace(/ Did you mean .*\?$/s, ''), field ? { field } : {});
  }
  return coerced.coerced;
}

/**
 * Upper bound of the number of values (objects, scalars, list items) the operation can return.
 * A list multiplies its items by its bound: the `first` of the connection, or its declared
 * maximum, and never more than its per-plan total times the plans in scope. Introspection is
 * bounded by the schema itself and costs one per selection. Runs only on validated documents,
 * whose expanded size the selection limit already bounds, so it needs no memo.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);

  const walk = (set: SelectionSetNode, type: GraphQLObjectType, mult: number, page: number | null, plans: number | null): number => {
    let cost = 0;
    for (const sel of set.selections) {
      if (!included(sel, variables)) continue;
      if (sel.kind !== Kind.FIELD) {
        const fragment = sel.kind === Kind.FRAGMENT_SPREAD ? fragments.get(sel.name.value) : sel;
        if (!fragment) continue;
        const condition = fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : type;
        if (isObjectType(condition)) cost += walk(fragment.selectionSet, condition, mult, page, plans);
        continue;
      }
      const name = sel.name.value;
      // `__typename` is the object's own type name, answered without a resolver: the object was
      // weighed where it was selected. Apollo Client adds it to every selection set, so weighing it
      // again made the portal's diff page cost 214,059 instead of 156,045 and be refused.
      if (name === '__typename' && !sel.selectionSet) continue;
      if (name.startsWith('__')) {
        cost += mult * (1 + (sel.selectionSet ? countFields(sel.selectionSet) : 0));
        continue;
      }
      const field = type.getFields()[name];
      if (!field) continue;
      cost += mult;
      const args = getArgumentValues(field, sel, variables);
      const hasFirst = field.args.some((a) => a.name === 'first');
      const childPage = hasFirst ? Math.max(0, typeof args.first === 'number' ? args.first : DEFAULT_PAGE) : null;
      let items = mult;
      if (isListType(getNullableType(field.type))) {
        const bound: ListBound | undefined = listBoundOf(field);
        const perParent = bound?.max === 'PAGE' ? (page ?? MAX_PAGE) : (bound?.max ?? UNDECLARED_LIST);
        items = mult * perParent;
        if (bound?.perPlan !== undefined && plans !== null) items = Math.min(items, plans * bound.perPlan);
      }
      const named = getNamedType(field.type);
      if (!isCompositeType(named) || !sel.selectionSet) {
        if (items !== mult) cost += items;
        continue;
      }
      if (!isObjectType(named)) continue; // no interfaces or unions in this schema
      const scope = planScopeOf(named);
      cost += walk(sel.selectionSet, named, items, childPage, scope !== undefined ? items * scope : plans);
    }
    return cost;
  };

  const root = operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
  return root ? walk(operation.selectionSet, root, 1, null, null) : 0;
}

/** Fields written in a selection set, fragments not expanded (introspection: a small, fixed cost). */
function countFields(set: SelectionSetNode): number {
  let n = 0;
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) n += 1 + (sel.selectionSet ? countFields(sel.selectionSet) : 0);
    else if (sel.kind === Kind.INLINE_FRAGMENT) n += countFields(sel.selectionSet);
    else n += 1;
  }
  return n;
}

/**
 * The variables operationCost reads: those given to a `first` argument and to @skip/@include —
 * everything else in its walk depends on the document alone. Keep the two in step.
 */
export function costVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  const collect = (value: ASTNode) =>
    visit(value, {
      Variable(v) {
        names.add(v.name.value);
      },
    });
  visit(document, {
    Field(field) {
      for (const arg of field.arguments ?? []) if (arg.name.value === 'first') collect(arg.value);
    },
    Directive(directive) {
      if (directive.name.value === 'skip' || directive.name.value === 'include')
        for (const arg of directive.arguments ?? []) collect(arg.value);
    },
  });
  return [...names].sort();
}

interface CostMemo {
  variables: string[];
  costs: BoundedCache<string, number>;
}

/**
 * The cost of an operation, computed once per document and values of the variables it depends on
 * (docs/ARCHITECTURE.md, "What every request costs"). Kept beside the parsed document itself: a
 * document leaves the memo with Apollo's document store (document-store.ts), which bounds both;
 * a document's costs are held to `perDocument` sets of values.
 */
export function costCache(schema: GraphQLSchema, perDocument = LIMITS.costCacheEntriesPerDocument) {
  const memos = new WeakMap<DocumentNode, CostMemo>();
  return (document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>): number => {
    let memo = memos.get(document);
    if (!memo) {
      memo = { variables: costVariables(document), costs: new BoundedCache({ maxEntries: perDocument, maxWeight: perDocument }) };
      memos.set(document, memo);
    }
    const key = JSON.stringify([operation.name?.value ?? null, ...memo.variables.map((v) => variables[v] ?? null)]);
    let cost = memo.costs.get(key);
    if (cost === undefined) {
      cost = operationCost(schema, document, operation, variables);
      memo.costs.set(key, cost);
    }
    return cost;
  };
}

export function costLimitPlugin(
  schema: GraphQLSchema,
  maxCost = LIMITS.maxCost,
  perDocument = LIMITS.costCacheEntriesPerDocument,
): ApolloServerPlugin {
  const costOf = costCache(schema, perDocument);
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation }) {
          // No operation (an unknown operationName): Apollo refuses it next, with HTTP 400.
          if (!operation) return;
          const variables = coerceVariables(schema, operation, request.variables ?? {});
          const cost = costOf(document, operation, variables);
          if (cost > maxCost) {
            throw refused('COST_LIMIT', `Query cost ${cost} exceeds the limit of ${maxCost}; ask for smaller pages or fewer fields`, {
              cost,
              maxCost,
            });
          }
        },
      };
    },
  };
}

/* ------------------------------------------------------------------ introspection */

/** Whether the operation asks for the schema (__schema or __type), fragments included. */
export function usesIntrospection(document: DocumentNode, operation: OperationDefinitionNode): boolean {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const seen = new Set<string>();
  const visit = (set: SelectionSetNode): boolean =>
    set.selections.some((sel) => {
      if (sel.kind === Kind.FIELD)
        return sel.name.value === '__schema' || sel.name.value === '__type' || (!!sel.selectionSet && visit(sel.selectionSet));
      if (sel.kind === Kind.INLINE_FRAGMENT) return visit(sel.selectionSet);
      if (seen.has(sel.name.value)) return false;
      seen.add(sel.name.value);
      const fragment = fragments.get(sel.name.value);
      return !!fragment && visit(fragment.selectionSet);
    });
  return visit(operation.selectionSet);
}

/**
 * In production the schema is described only to callers with credentials (users and API keys):
 * integrators and GraphiQL keep it, anonymous scanners do not. `__typename` stays open.
 */
export function introspectionPlugin(production: boolean): ApolloServerPlugin<Ctx> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, contextValue }) {
          if (!production || contextValue.principal || !operation || !usesIntrospection(document, operation)) return;
          throw unauthenticated('Introspection needs a signed-in user or an API key', {
            reason: Reason.INTROSPECTION_REQUIRES_CREDENTIALS,
          });
        },
      };
    },
  };
}

/* ------------------------------------------------------------------ response fence */

interface ResponseBudget {
  used: number;
  max: number;
  exceeded: boolean;
}
const budgets = new WeakMap<object, ResponseBudget>();

const tooLarge = (max: number) =>
  refused('RESPONSE_TOO_LARGE', `The response would be larger than ${Math.round(max / 1024 / 1024)} MB; ask for fewer items or fields`, {
    maxBytes: max,
  });

/** Bytes a value adds to the JSON response, under its key (strings as UTF-8; nested objects count themselves). */
function sizeOf(key: string | number, value: unknown): number {
  const head = String(key).length + 4;
  if (typeof value === 'string') return head + Buffer.byteLength(value, 'utf8');
  if (value === null || value === undefined || typeof value !== 'object') return head + 8;
  if (value instanceof Date) return head + 26;
  if (Array.isArray(value)) {
    let n = head;
    for (const item of value) n += typeof item === 'string' ? Buffer.byteLength(item, 'utf8') + 3 : 8;
    return n;
  }
  return head;
}

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/**
 * Wraps every resolver of the schema's own types (not introspection's) to count the response
 * as it is produced, and to hold every list to its declared bound. Once the budget is spent, the
 * remaining resolvers are not called (a mutation later in the document does not run) and the
 * response becomes the single RESPONSE_TOO_LARGE error (responseFencePlugin).
 *
 * Plain leaves — a scalar or enum field read as a property (no resolver, no list bound) of an
 * object type that no interface or union can stand for — are not wrapped: the field that returns
 * their object counts the ones the query selects, object by object, when it returns it. The
 * count is the same; a plan's body (300 nodes × ~25 leaves) then costs one call per node instead
 * of one per field (README, O3). A leaf under @include/@skip is counted whether or not it is sent.
 */
export function fenceResponses(schema: GraphQLSchema): GraphQLSchema {
  const inAbstract = new Set<string>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (isObjectType(type) && type.getInterfaces().length) inAbstract.add(type.name);
    if (isUnionType(type)) for (const member of type.getTypes()) inAbstract.add(member.name);
  }
  /** Per object type: its plain leaves, which its own wrapper does not count. */
  const plainLeaves = new Map<GraphQLObjectType, Set<string>>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || inAbstract.has(type.name)) continue;
    if (type === schema.getQueryType() || type === schema.getMutationType() || type === schema.getSubscriptionType()) continue;
    const leaves = new Set<string>();
    for (const field of Object.values(type.getFields()))
      if (!field.resolve && !listBoundOf(field) && isLeafType(getNamedType(field.type)) && !isListType(getNullableType(field.type)))
        leaves.add(field.name);
    if (leaves.size) plainLeaves.set(type, leaves);
  }
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const unwrapped = plainLeaves.get(type);
    for (const field of Object.values(type.getFields())) {
      if (unwrapped?.has(field.name)) continue;
      const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
      const bound = listBoundOf(field);
      const fieldName = `${type.name}.${field.name}`;
      const returned = getNamedType(field.type);
      const leavesOfReturned = isObjectType(returned) ? plainLeaves.get(returned) : undefined;
      const charge = (budget: ResponseBudget, key: string | number, value: unknown, info: GraphQLResolveInfo): unknown => {
        let out = value;
        if (Array.isArray(out) && bound && typeof bound.max === 'number' && out.length > bound.max) {
          if (!bound.truncate) throw new Error(`${fieldName} returned ${out.length} items; its declared maximum is ${bound.max}`);
          out = out.slice(0, bound.max);
        }
        budget.used += sizeOf(key, out);
        if (leavesOfReturned && out !== null && out !== undefined) {
          const selected = selectedLeaves(info, leavesOfReturned);
          if (selected.length) budget.used += leafBytes(out, selected);
        }
        if (budget.used > budget.max) {
          budget.exceeded = true;
          throw tooLarge(budget.max);
        }
        return out;
      };
      field.resolve = (source, args, context, info) => {
        const budget = budgets.get(context as object);
        if (!budget) return resolve(source, args, context, info);
        // Refusals are rejected promises, never synchronous throws: graphql-js abandons the
        // pending promises of a list's earlier items when a later item throws synchronously, and
        // their DataLoader batches then fail after the request's transaction has ended, as
        // unhandled rejections. A rejected promise is awaited with its siblings (Promise.all).
        if (budget.exceeded) return Promise.reject(tooLarge(budget.max));
        const value = resolve(source, args, context, info);
        if (isPromise(value)) return value.then((v) => charge(budget, info.path.key, v, info));
        try {
          return charge(budget, info.path.key, value, info);
        } catch (error) {
          return Promise.reject(error instanceof Error ? error : new Error(String(error)));
        }
      };
    }
  }
  return schema;
}

/** [response key, field name] of the plain leaves a field's selection asks of its object. */
type SelectedLeaves = readonly (readonly [string, string])[];
const selectedOf = new WeakMap<object, SelectedLeaves>();

function selectedLeaves(info: GraphQLResolveInfo, leaves: Set<string>): SelectedLeaves {
  // One AST node stands for one selection only when it is not merged with others (a fragment
  // spread in two places may be merged differently in each): cache only the unmerged case.
  const cacheable = info.fieldNodes.length === 1;
  const cached = cacheable ? selectedOf.get(info.fieldNodes[0]) : undefined;
  if (cached) return cached;
  const seen = new Map<string, string>();
  const visit = (set: SelectionSetNode | undefined, fragments: Set<string>) => {
    for (const s of set?.selections ?? []) {
      if (s.kind === Kind.FIELD) {
        const key = s.alias?.value ?? s.name.value;
        if (leaves.has(s.name.value) && !seen.has(key)) seen.set(key, s.name.value);
      } else if (s.kind === Kind.INLINE_FRAGMENT) visit(s.selectionSet, fragments);
      else if (!fragments.has(s.name.value)) visit(info.fragments[s.name.value]?.selectionSet, new Set([...fragments, s.name.value]));
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet, new Set());
  const selected = [...seen];
  if (cacheable) selectedOf.set(info.fieldNodes[0], selected);
  return selected;
}

/** The bytes the selected plain leaves of an object (or of each object of a list) add. */
function leafBytes(value: unknown, selected: SelectedLeaves): number {
  if (Array.isArray(value)) {
    let n = 0;
    for (const item of value) n += leafBytes(item, selected);
    return n;
  }
  if (value === null || typeof value !== 'object' || isPromise(value)) return 0;
  let n = 0;
  for (const [key, name] of selected) n += sizeOf(key, (value as Record<string, unknown>)[name]);
  return n;
}

export function responseFencePlugin(maxBytes = LIMITS.maxResponseBytes): ApolloServerPlugin<Ctx> {
  return {
    async requestDidStart({ contextValue }) {
      const budget: ResponseBudget = { used: 0, max: maxBytes, exceeded: false };
      budgets.set(contextValue, budget);
      return {
        async willSendResponse({ response }) {
          if (!budget.exceeded) return;
          const error = tooLarge(budget.max);
          response.body = { kind: 'single', singleResult: { errors: [{ message: error.message, extensions: error.extensions }] } };
          response.http.status = httpStatusOf(error.extensions.code, error.extensions.reason);
        },
      };
    },
  };
}
